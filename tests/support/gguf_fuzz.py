"""A seeded, structure-aware mutation fuzzer for GGUF files, and the harness that feeds each
mutant to the product's real entry points (used by tests/e2e/test_gguf_fuzz.py and
scripts/fuzz_gguf.py).

The contract under test: whatever the file, `medgguf ask --model FILE` (the chat/ask/verify
loading path: gguf_check, then llama.cpp through the binding, then a short generation) and
bench's loading path (``eval.bench.identify``) either exit 2 with one `error:` line, or the file
passes gguf_check and llama.cpp loads and runs it (exit 0). The process never dies from a signal.

Speed: gguf_check runs in this process, as the product runs it, and most mutants stop there in
milliseconds (the refusal still goes through ``medgguf ask`` in process, to check the one-line
error). Only a mutant that gguf_check passes can reach llama.cpp, which may abort, so those go to
a long-lived worker subprocess that runs ``medgguf ask`` on each; when a mutant kills the
worker the crash is recorded and a new worker starts. Mutants are written to /dev/shm when it
exists: a mutant is a new header plus a slice of the base file, never held twice in memory.
"""

from __future__ import annotations

import collections
import contextlib
import json
import mmap
import os
import random
import selectors
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# GGUF value types (gguf.GGUFValueType), kept local so the mutator reads as the format does.
UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
SCALAR_SIZES = {UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, UINT32: 4, INT32: 4, FLOAT32: 4, BOOL: 1,
                UINT64: 8, INT64: 8, FLOAT64: 8}
U32_EDGES = (0, 1, 2, 3, 7, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF)
U64_EDGES = (0, 1, 2, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 32, 1 << 40, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF)

ASK = ("ask", "--max-tokens", "3", "--temp", "0", "--threads", "1", "--ctx", "128", "--system", "Be brief.",
       "Is a fever of 38C dangerous?")
WORKER_TIMEOUT_S = 120.0


# ---------------------------------------------------------------------------------------------
# The layout of the base file: where every structural field is


@dataclass
class KV:
    start: int
    key: str
    key_off: int  # the key's u64 length field
    type_off: int
    vtype: int
    value_off: int
    end: int
    item_type: int | None = None  # arrays
    count: int = 0
    items_off: int = 0
    item_offsets: list[int] = field(default_factory=list)  # string arrays: each element's length field


@dataclass
class Tensor:
    start: int
    name: str
    n_dims_off: int
    dims: list[int]
    dims_off: int
    type_off: int
    ggml_type: int
    offset_off: int
    offset: int
    end: int


@dataclass
class Layout:
    size: int
    n_tensors: int
    n_kv: int
    kvs: list[KV]
    tensors: list[Tensor]
    header_end: int  # end of the tensor infos
    data_offset: int
    alignment: int

    def kv(self, key: str) -> KV:
        return next(kv for kv in self.kvs if kv.key == key)

    def boundaries(self) -> list[int]:
        """Every offset at which a structure starts or ends."""
        points = {0, 4, 8, 16, 24, self.header_end, self.data_offset, self.size - 1}
        for kv in self.kvs:
            points.update((kv.start, kv.key_off + 8, kv.type_off, kv.value_off, kv.end))
            if kv.item_type is not None:
                points.update((kv.value_off + 4, kv.items_off))
                points.update(kv.item_offsets[:3] + kv.item_offsets[-3:])
        for tensor in self.tensors:
            points.update((tensor.start, tensor.n_dims_off, tensor.dims_off, tensor.type_off, tensor.offset_off,
                           tensor.end, self.data_offset + tensor.offset))
        return sorted(p for p in points if 0 < p < self.size)


def parse(data) -> Layout:
    pos = 0

    def u32() -> int:
        nonlocal pos
        pos += 4
        return struct.unpack_from("<I", data, pos - 4)[0]

    def u64() -> int:
        nonlocal pos
        pos += 8
        return struct.unpack_from("<Q", data, pos - 8)[0]

    def string() -> str:
        nonlocal pos
        length = u64()
        pos += length
        return bytes(data[pos - length : pos]).decode("utf-8", "replace")

    assert bytes(data[:4]) == b"GGUF", "the base must be a GGUF"
    pos = 8
    n_tensors, n_kv = u64(), u64()
    kvs: list[KV] = []
    for _ in range(n_kv):
        start = pos
        key = string()
        type_off = pos
        vtype = u32()
        kv = KV(start=start, key=key, key_off=start, type_off=type_off, vtype=vtype, value_off=pos, end=0)
        if vtype == STRING:
            string()
        elif vtype == ARRAY:
            kv.item_type, kv.count = u32(), u64()
            kv.items_off = pos
            if kv.item_type == STRING:
                for _ in range(kv.count):
                    kv.item_offsets.append(pos)
                    pos += 8 + struct.unpack_from("<Q", data, pos)[0]
            else:
                pos += kv.count * SCALAR_SIZES[kv.item_type]
        else:
            pos += SCALAR_SIZES[vtype]
        kv.end = pos
        kvs.append(kv)
    alignment = 32
    for kv in kvs:
        if kv.key == "general.alignment":
            alignment = struct.unpack_from("<I", data, kv.value_off)[0]
    tensors: list[Tensor] = []
    for _ in range(n_tensors):
        start = pos
        name = string()
        n_dims_off = pos
        n_dims = u32()
        dims_off = pos
        dims = [u64() for _ in range(n_dims)]
        type_off = pos
        ggml_type = u32()
        offset_off = pos
        offset = u64()
        tensors.append(Tensor(start, name, n_dims_off, dims, dims_off, type_off, ggml_type, offset_off, offset, pos))
    data_offset = -(-pos // alignment) * alignment
    return Layout(len(data), n_tensors, n_kv, kvs, tensors, pos, data_offset, alignment)


# ---------------------------------------------------------------------------------------------
# Mutants


@dataclass(frozen=True)
class Mutant:
    """A file made of pieces: bytes, or (start, end) slices of the base file."""

    kind: str
    detail: str
    pieces: tuple[bytes | tuple[int, int], ...]

    def write(self, base, path: Path) -> None:
        with open(path, "wb") as handle:
            for piece in self.pieces:
                handle.write(piece if isinstance(piece, bytes) else base[piece[0] : piece[1]])


def _patched(layout: Layout, base, patches: Sequence[tuple[int, bytes]], kind: str, detail: str) -> Mutant:
    """Overwrite bytes in place (same length); the header is copied, the tensor data sliced."""
    split = max(layout.data_offset, *(offset + len(raw) for offset, raw in patches))
    head = bytearray(base[:split])
    for offset, raw in patches:
        head[offset : offset + len(raw)] = raw
    return Mutant(kind, detail, (bytes(head), (split, layout.size)))


def _spliced(layout: Layout, base, start: int, end: int, raw: bytes, kind: str, detail: str) -> Mutant:
    """Replace base[start:end] (inside the header) with ``raw``; what follows shifts."""
    return Mutant(kind, detail, ((0, start), raw, (end, layout.size)))


def regression_mutants(layout: Layout, base) -> list[Mutant]:
    """Crashes found before; each must now end in a one-line error."""
    tokens = layout.kv("tokenizer.ggml.tokens")
    cases = []
    # Two token strings made equal (llama-vocab.cpp: GGML_ASSERT(id_to_token.size() == token_to_id.size())).
    first, second = _same_length_tokens(tokens, base)
    length = struct.unpack_from("<Q", base, tokens.item_offsets[first])[0]
    first_text = bytes(base[tokens.item_offsets[first] + 8 : tokens.item_offsets[first] + 8 + length])
    cases.append(_patched(layout, base, [(tokens.item_offsets[second] + 8, first_text)],
                          "regression", f"token {second} made equal to token {first}"))
    # Equal up to a NUL byte: llama.cpp reads each token as a C string.
    start = tokens.item_offsets[second]
    end = start + 8 + struct.unpack_from("<Q", base, start)[0]
    cases.append(_spliced(layout, base, start, end, _u64(length + 2) + first_text + b"\0x", "regression",
                          f"token {second} := token {first} + NUL + 'x'"))

    def value(key: str, raw_for: dict[int, bytes], detail: str) -> Mutant:
        kv = layout.kv(key)
        return _patched(layout, base, [(kv.value_off, raw_for[kv.vtype])], "regression", detail)

    ints = {UINT32: _u32(0x7FFFFFFF), INT32: _u32(0x7FFFFFFF), UINT64: _u64(0x7FFFFFFF)}
    cases.append(value("llama.block_count", ints, "llama.block_count = 2**31-1 (GGML_ASSERT n_layer <= 512)"))
    cases.append(value("llama.context_length", {UINT32: _u32(0xFFFFFFFF), UINT64: _u64(0xFFFFFFFF)},
                       "context length 2**32-1 (llama-cpp-python: Array length must be >= 0)"))
    cases.append(value("tokenizer.ggml.eos_token_id", {UINT32: _u32(0x40B2FD7F), INT32: _u32(0x40B2FD7F)},
                       "eos id outside the vocabulary (std::out_of_range through the C API)"))
    cases.append(value("llama.attention.layer_norm_rms_epsilon", {FLOAT32: struct.pack("<f", -1.0)},
                       "rms epsilon -1 (GGML_ASSERT eps >= 0)"))
    norm = next(t for t in layout.tensors if t.name.endswith("ffn_norm.weight"))
    cases.append(_patched(layout, base, [(norm.type_off, _u32(26))], "regression",
                          f"{norm.name} typed I32 (ggml-cpu binary_op: unsupported types)"))
    cases.append(_with_alignment(layout, base, 8, 8, "regression"))
    template = layout.kv("tokenizer.chat_template")
    for text in (b"{{ messages[99]['content'] }}", b"{% set x = 1/0 %}"):  # an "unexpected" exit 1 before
        cases.append(_spliced(layout, base, template.value_off, template.end, _u64(len(text)) + text, "regression",
                              f"chat template that raises: {text.decode()}"))
    return cases


def _same_length_tokens(tokens: KV, base) -> tuple[int, int]:
    seen: dict[int, int] = {}
    for index, offset in enumerate(tokens.item_offsets[1000:], start=1000):
        length = struct.unpack_from("<Q", base, offset)[0]
        if length in seen:
            return seen[length], index
        seen[length] = index
    raise AssertionError("no two tokens of the same length")


def mutants(layout: Layout, base, seed: int, count: int) -> Iterator[Mutant]:
    """``count`` mutants drawn with ``seed``: the regression cases first, then every
    truncation boundary in turn interleaved with random structural mutations."""
    rng = random.Random(seed)
    produced = 0
    for mutant in regression_mutants(layout, base):
        if produced < count:
            produced += 1
            yield mutant
    boundaries = layout.boundaries()
    rng.shuffle(boundaries)
    families = [(_header, 6), (_kv_field, 14), (_kv_value, 16), (_string_element, 8), (_token_text, 5),
                (_tensor_field, 18), (_alignment, 4), (_havoc, 8), (_kv_drop_or_duplicate, 5),
                (_tensor_data, 2)]
    weights = [w for _, w in families]
    while produced < count:
        if boundaries and rng.random() < 0.2:
            at = boundaries.pop()
            yield Mutant("truncate", f"at byte {at}", ((0, at),))
        else:
            family = rng.choices([f for f, _ in families], weights)[0]
            yield family(layout, base, rng)
        produced += 1


def _u32(value: int) -> bytes:
    return struct.pack("<I", value & 0xFFFFFFFF)


def _u64(value: int) -> bytes:
    return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)


def _near(rng: random.Random, value: int, edges: Sequence[int]) -> int:
    return rng.choice([*edges, value - 1, value + 1, value * 2, value // 2, rng.getrandbits(32)])


def _header(layout: Layout, base, rng: random.Random) -> Mutant:
    field_name = rng.choice(["magic", "version", "n_tensors", "n_kv"])
    if field_name == "magic":
        at = rng.randrange(4)
        return _patched(layout, base, [(at, bytes([base[at] ^ (1 << rng.randrange(8))]))], "header", "magic bit flip")
    if field_name == "version":
        value = rng.choice([0, 1, 2, 4, 0xFFFFFFFF, 0x03000000, rng.getrandbits(32)])
        return _patched(layout, base, [(4, _u32(value))], "header", f"version={value}")
    offset, current = (8, layout.n_tensors) if field_name == "n_tensors" else (16, layout.n_kv)
    value = _near(rng, current, U64_EDGES)
    return _patched(layout, base, [(offset, _u64(value))], "header", f"{field_name}={value}")


def _kv_field(layout: Layout, base, rng: random.Random) -> Mutant:
    kv = rng.choice(layout.kvs)
    what = rng.choice(["key_length", "key_text", "type", "item_type", "count"])
    if what == "key_length":
        value = _near(rng, kv.type_off - kv.key_off - 8, U64_EDGES)
        return _patched(layout, base, [(kv.key_off, _u64(value))], "kv-field", f"{kv.key}: key length {value}")
    if what == "key_text":
        raw = kv.key.encode()
        other = rng.choice(layout.kvs).key.encode()
        if len(other) == len(raw) and other != raw and rng.random() < 0.5:
            return _patched(layout, base, [(kv.key_off + 8, other)], "kv-field", f"{kv.key} renamed {other.decode()}")
        at = rng.randrange(len(raw))
        return _patched(layout, base, [(kv.key_off + 8 + at, bytes([rng.randrange(256)]))], "kv-field",
                        f"{kv.key}: key byte {at}")
    if what == "type" or kv.item_type is None:
        value = rng.choice([*range(13), 13, 255, 0xFFFFFFFF])
        return _patched(layout, base, [(kv.type_off, _u32(value))], "kv-field", f"{kv.key}: type {kv.vtype}->{value}")
    if what == "item_type":
        value = rng.choice([*range(13), 13, 0xFFFFFFFF])
        return _patched(layout, base, [(kv.value_off, _u32(value))], "kv-field",
                        f"{kv.key}: item type {kv.item_type}->{value}")
    value = _near(rng, kv.count, U64_EDGES)
    return _patched(layout, base, [(kv.value_off + 4, _u64(value))], "kv-field", f"{kv.key}: count {kv.count}->{value}")


def _kv_value(layout: Layout, base, rng: random.Random) -> Mutant:
    scalars = [kv for kv in layout.kvs if kv.vtype in SCALAR_SIZES]
    strings = [kv for kv in layout.kvs if kv.vtype == STRING]
    arrays = [kv for kv in layout.kvs if kv.item_type in SCALAR_SIZES and kv.count]
    pool = rng.choice([p for p in (scalars, strings, arrays) if p])
    kv = rng.choice(pool)
    if kv.vtype in SCALAR_SIZES:
        size = SCALAR_SIZES[kv.vtype]
        current = int.from_bytes(base[kv.value_off : kv.value_off + size], "little")
        if kv.vtype in (FLOAT32, FLOAT64):
            fmt = "<f" if size == 4 else "<d"
            raw = struct.pack(fmt, rng.choice([0.0, -1.0, float("nan"), float("inf"), 1e30, -1e-30]))
        else:
            raw = (_near(rng, current, U64_EDGES) & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
        return _patched(layout, base, [(kv.value_off, raw)], "kv-value", f"{kv.key}={raw.hex()}")
    if kv.vtype == STRING:
        length = struct.unpack_from("<Q", base, kv.value_off)[0]
        if rng.random() < 0.5:
            value = _near(rng, length, U64_EDGES)
            return _patched(layout, base, [(kv.value_off, _u64(value))], "kv-value", f"{kv.key}: length {value}")
        text = rng.choice([b"", b"\xff\xfe", b"x" * 3, b"{% for %}", b"{{ raise_exception('no') }}", b"\x00",
                           b"{{ messages[99]['content'] }}", b"{% set x = 1/0 %}"])
        return _spliced(layout, base, kv.value_off, kv.end, _u64(len(text)) + text, "kv-value",
                        f"{kv.key} := {text[:30]!r}")
    size = SCALAR_SIZES[kv.item_type]  # type: ignore[index]
    index = rng.randrange(kv.count)
    raw = rng.choice([b"\xff" * size, b"\x00" * size, b"\x7f" + b"\xff" * (size - 1), rng.randbytes(size)])
    return _patched(layout, base, [(kv.items_off + index * size, raw)], "kv-value", f"{kv.key}[{index}]={raw.hex()}")


def _string_element(layout: Layout, base, rng: random.Random) -> Mutant:
    kv = rng.choice([kv for kv in layout.kvs if kv.item_offsets])
    index = rng.randrange(len(kv.item_offsets))
    offset = kv.item_offsets[index]
    length = struct.unpack_from("<Q", base, offset)[0]
    value = _near(rng, length, U64_EDGES)
    return _patched(layout, base, [(offset, _u64(value))], "string-length", f"{kv.key}[{index}]: length {value}")


def _token_text(layout: Layout, base, rng: random.Random) -> Mutant:
    """Edits inside the vocabulary and the merges: equal tokens, empty tokens, odd bytes."""
    kv = layout.kv(rng.choice(["tokenizer.ggml.tokens", "tokenizer.ggml.merges"]))
    index = rng.randrange(len(kv.item_offsets))
    offset = kv.item_offsets[index]
    end = offset + 8 + struct.unpack_from("<Q", base, offset)[0]
    text = rng.choice([b"", b" ", b"\xff", b"a b c", b"<|im_end|>", b"\x00\x00", bytes(base[offset + 8 : end]) * 2,
                       bytes(base[kv.item_offsets[rng.randrange(len(kv.item_offsets))] + 8:][:8])])
    return _spliced(layout, base, offset, end, _u64(len(text)) + text, "token-text", f"{kv.key}[{index}] := {text!r}")


def _tensor_field(layout: Layout, base, rng: random.Random) -> Mutant:
    tensor = rng.choice(layout.tensors)
    what = rng.choice(["name", "name_length", "n_dims", "dim", "dim", "type", "type", "offset", "offset"])
    if what == "name":
        raw = tensor.name.encode()
        other = rng.choice(layout.tensors).name.encode()
        if len(other) == len(raw) and other != raw:
            return _patched(layout, base, [(tensor.start + 8, other)], "tensor", f"{tensor.name} renamed {other.decode()}")
        at = rng.randrange(len(raw))
        return _patched(layout, base, [(tensor.start + 8 + at, bytes([rng.randrange(32, 127)]))], "tensor",
                        f"{tensor.name}: name byte {at}")
    if what == "name_length":
        value = _near(rng, len(tensor.name.encode()), U64_EDGES)
        return _patched(layout, base, [(tensor.start, _u64(value))], "tensor", f"{tensor.name}: name length {value}")
    if what == "n_dims":
        value = rng.choice([0, 1, 2, 3, 4, 5, 8, 9, 0xFFFFFFFF])
        return _patched(layout, base, [(tensor.n_dims_off, _u32(value))], "tensor", f"{tensor.name}: n_dims {value}")
    if what == "dim":
        index = rng.randrange(len(tensor.dims))
        other = rng.choice(layout.tensors).dims
        value = rng.choice([0, 1, tensor.dims[index] + 1, tensor.dims[index] - 1, tensor.dims[index] * 2,
                            tensor.dims[index] // 2, rng.choice(other), 1 << 32, 0xFFFFFFFFFFFFFFFF, 256])
        return _patched(layout, base, [(tensor.dims_off + 8 * index, _u64(value))], "tensor",
                        f"{tensor.name}: dim {index} {tensor.dims[index]}->{value}")
    if what == "type":
        value = rng.choice([*range(0, 42), 0xFFFFFFFF, 1000])
        return _patched(layout, base, [(tensor.type_off, _u32(value))], "tensor",
                        f"{tensor.name}: type {tensor.ggml_type}->{value}")
    other = rng.choice(layout.tensors).offset
    value = rng.choice([0, tensor.offset + 1, tensor.offset - 32, tensor.offset + 32, other, 1 << 40,
                        0xFFFFFFFFFFFFFFFF, layout.size])
    return _patched(layout, base, [(tensor.offset_off, _u64(value))], "tensor",
                    f"{tensor.name}: offset {tensor.offset}->{value}")


def _alignment(layout: Layout, base, rng: random.Random) -> Mutant:
    """Add general.alignment (the demo file relies on the default 32); the header grows by the
    new KV, and the data moves with it unless ``realign`` keeps it where the offsets say."""
    value = rng.choice([0, 1, 2, 3, 8, 16, 24, 32, 64, 4096, 1 << 31, 0xFFFFFFFF])
    pad_to = value if rng.random() < 0.5 and 0 < value <= 4096 else 32
    return _with_alignment(layout, base, value, pad_to, "alignment")


def _with_alignment(layout: Layout, base, value: int, pad_to: int, kind: str) -> Mutant:
    key = b"general.alignment"
    kv = _u64(len(key)) + key + _u32(UINT32) + _u32(value)
    head = bytearray(base[: layout.kvs[0].start]) + kv + bytes(base[layout.kvs[0].start : layout.header_end])
    head[16:24] = _u64(layout.n_kv + 1)
    padding = b"\x00" * ((-len(head)) % pad_to)
    return Mutant(kind, f"general.alignment={value}, data padded to {pad_to}",
                  (bytes(head), padding, (layout.data_offset, layout.size)))


def _havoc(layout: Layout, base, rng: random.Random) -> Mutant:
    """A few random bytes anywhere in the header and tensor infos."""
    patches = [(rng.randrange(24, layout.header_end), bytes([rng.randrange(256)])) for _ in range(rng.randint(1, 8))]
    return _patched(layout, base, patches, "havoc", f"{len(patches)} random header bytes")


def _kv_drop_or_duplicate(layout: Layout, base, rng: random.Random) -> Mutant:
    kv = rng.choice(layout.kvs)
    if rng.random() < 0.5:  # drop a key, with the count adjusted: a well-formed file missing a key
        head = bytearray(base[: kv.start]) + bytes(base[kv.end : layout.header_end])
        head[16:24] = _u64(layout.n_kv - 1)
        detail = f"without {kv.key}"
    else:
        head = bytearray(base[: kv.end]) + bytes(base[kv.start : layout.header_end])
        head[16:24] = _u64(layout.n_kv + 1)
        detail = f"{kv.key} twice"
    padding = b"\x00" * ((-len(head)) % layout.alignment)
    return Mutant("kv-set", detail, (bytes(head), padding, (layout.data_offset, layout.size)))


def _tensor_data(layout: Layout, base, rng: random.Random) -> Mutant:
    """NaN/Inf/garbage inside a tensor's data: llama.cpp loads it; the output is garbage."""
    tensor = rng.choice(layout.tensors)
    at = layout.data_offset + tensor.offset
    return _patched(layout, base, [(at, rng.choice([b"\xff" * 64, b"\x00\x7c" * 32, rng.randbytes(64)]))],
                    "tensor-data", f"{tensor.name}: 64 bytes of data")


# ---------------------------------------------------------------------------------------------
# Running mutants through the product


@dataclass
class Outcome:
    kind: str
    detail: str
    result: str  # "refused: gguf_check", "refused: llama.cpp", "ran", "CRASH signal N", "BAD ..."
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.result.startswith(("CRASH", "BAD", "HANG"))


def _one_line_error(exit_code: int, stderr: str) -> str | None:
    """The error line if the contract holds for an exit 2 (one `error:` line, no traceback)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    if exit_code != 2 or len(errors) != 1 or "Traceback" in stderr:
        return None
    return errors[0]


def _invoke_ask(path: Path) -> tuple[int, str]:
    from click.testing import CliRunner

    from medgguf.cli import main

    result = CliRunner().invoke(main, [*ASK[:1], "--model", str(path), *ASK[1:]])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 99, f"{type(result.exception).__name__}: {result.exception}"
    return result.exit_code, result.stderr


class Worker:
    """A subprocess that runs `medgguf ask` (in process, through Click) on each path it is sent."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.started = 0

    def _start(self) -> subprocess.Popen:
        self.started += 1
        self.stderr_path = self.log_dir / f"worker-{self.started}.stderr"
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        return subprocess.Popen(
            [sys.executable, "-m", "tests.support.gguf_fuzz", "--worker"],
            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(self.stderr_path, "wb"), text=True, bufsize=1,
        )

    def run(self, path: Path) -> tuple[str, str]:
        """(result, message) for one mutant file."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        assert process.stdin and process.stdout
        process.stdin.write(str(path) + "\n")
        process.stdin.flush()
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(WORKER_TIMEOUT_S)
        selector.close()
        line = process.stdout.readline() if ready else ""
        if not line:
            if not ready:
                process.kill()
            code = process.wait()
            self.process = None
            lines = self.stderr_path.read_text(errors="replace").strip().splitlines()
            tail = [line for line in lines if "GGML_ASSERT" in line or "what()" in line or "terminate" in line]
            tail = tail[-3:] or lines[-2:] or ["(nothing on stderr)"]
            if not ready:
                return "HANG", f"no answer in {WORKER_TIMEOUT_S:.0f} s"
            return (f"CRASH signal {-code}" if code < 0 else f"CRASH exit {code}"), " | ".join(tail)
        record = json.loads(line)
        exit_code, stderr = record["exit_code"], record["stderr"]
        if exit_code == 0:
            return "ran", ""
        error = _one_line_error(exit_code, stderr)
        if error is None:
            return f"BAD exit {exit_code}", stderr.strip()[-300:]
        return ("refused: llama.cpp" if "llama.cpp could not" in error else "refused: other"), error

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def check(path: Path, worker: Worker) -> tuple[str, str]:
    """One mutant file through bench's and ask's loading paths."""
    from medgguf.errors import InputError
    from medgguf.eval.bench import identify
    from medgguf.llamacpp.gguf_check import inspect_gguf

    try:
        identify(path)  # bench and compare
        bench_refused = ""
    except InputError as exc:
        bench_refused = str(exc)
    try:
        inspect_gguf(path, require_chat_template=True)  # what ask, chat, serve and verify check first
    except InputError:
        # Safe in process: `ask` stops at the same check, before llama.cpp sees the file.
        exit_code, stderr = _invoke_ask(path)
        error = _one_line_error(exit_code, stderr)
        if error is None:
            return f"BAD exit {exit_code}", stderr.strip()[-300:]
        return "refused: gguf_check", error
    if bench_refused:
        return "BAD bench", f"bench refused a file ask accepts: {bench_refused}"
    return worker.run(path)


def fuzz(base_path: Path, *, seed: int, count: int, on_outcome=None) -> list[Outcome]:
    """Run ``count`` mutants of ``base_path``; every outcome, in order."""
    scratch_root = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="gguf-fuzz-", dir=scratch_root) as scratch, \
            open(base_path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as base:
        layout = parse(base)
        worker = Worker(Path(scratch))
        mutant_path = Path(scratch) / "mutant.gguf"
        try:
            for mutant in mutants(layout, base, seed, count):
                mutant.write(base, mutant_path)
                result, message = check(mutant_path, worker)
                outcome = Outcome(mutant.kind, mutant.detail, result, message)
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
                if not outcome.ok:  # keep the file that broke the contract, for the regression case
                    keep = Path(tempfile.gettempdir()) / f"gguf-fuzz-{seed}-{len(outcomes)}.gguf"
                    with contextlib.suppress(OSError):
                        mutant.write(base, keep)
                        outcome.message += f" (kept as {keep})"
        finally:
            worker.close()
            mutant_path.unlink(missing_ok=True)
    return outcomes


def table(outcomes: Sequence[Outcome]) -> str:
    """Outcomes per mutation family, as a Markdown table."""
    results = sorted({o.result for o in outcomes}, key=lambda r: (not r.startswith(("CRASH", "BAD", "HANG")), r))
    counts = collections.Counter((o.kind, o.result) for o in outcomes)
    kinds = sorted({o.kind for o in outcomes})
    header = "| mutation | " + " | ".join(results) + " | total |"
    lines = [header, "|" + "---|" * (len(results) + 2)]
    for kind in kinds:
        row = [counts[(kind, r)] for r in results]
        lines.append(f"| {kind} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    totals = [sum(counts[(k, r)] for k in kinds) for r in results]
    lines.append("| **all** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    return "\n".join(lines)


def _worker_main() -> None:
    """Answer each path on stdin with one JSON line: `medgguf ask`'s exit code and stderr."""
    # The answers travel on a private copy of stdout; fd 1 itself goes to stderr, so nothing
    # native code prints can break a JSON line.
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for line in sys.stdin:
        path = Path(line.strip())
        started = time.perf_counter()
        exit_code, stderr = _invoke_ask(path)
        answers.write(json.dumps({"exit_code": exit_code, "stderr": stderr,
                                  "seconds": round(time.perf_counter() - started, 3)}) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker_main()
