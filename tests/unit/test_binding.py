"""Every ctypes structure medgguf declares itself (llamacpp/binding.py) against the vendored headers.

A pin that adds, removes, reorders or resizes a field would otherwise make ctypes read and write
the wrong bytes without an error. Two checks: the fields as the header declares them (names, C
types, array lengths), and, with the C compiler that builds llama.cpp, the size and every offset.
"""
from __future__ import annotations

import ctypes
import re
import shutil
import subprocess

import pytest

from medgguf import paths
from medgguf.llamacpp import binding

C_TYPES = {"bool": ctypes.c_bool, "int": ctypes.c_int, "uint32_t": ctypes.c_uint32, "int32_t": ctypes.c_int32,
           "uint64_t": ctypes.c_uint64, "int64_t": ctypes.c_int64, "float": ctypes.c_float, "size_t": ctypes.c_size_t}


def _header(struct: type[ctypes.Structure]) -> str:
    path = paths.LLAMA_CPP_SOURCE_DIR / struct.c_header
    if not path.exists():
        pytest.fail(f"{path} is missing: run `python vendor/fetch_llama_cpp.py`")
    return path.read_text()


def _declared_fields(header: str, name: str) -> list[tuple[str, object, int]]:
    """(field, ctypes type, array length or 0) of ``struct name { ... }`` in the header."""
    body = re.search(rf"struct\s+{name}\s*\{{(.*?)\}};", header, re.S)
    assert body, f"struct {name} is not in the header"
    defines = dict(re.findall(r"#define\s+(\w+)\s+(\d+)", header))
    fields = []
    for declaration in re.sub(r"//[^\n]*", "", body.group(1)).split(";"):
        match = re.fullmatch(r"\s*((?:enum\s+)?\w+)\s+(\w+)\s*(?:\[(\w+)\])?\s*", declaration)
        if not match:
            assert not declaration.strip(), f"cannot read {declaration!r}"
            continue
        c_type, field, length = match.groups()
        ctype = ctypes.c_int if c_type.startswith("enum ") else C_TYPES[c_type]
        fields.append((field, ctype, int(defines.get(length, length)) if length else 0))
    return fields


def _ours(struct: type[ctypes.Structure]) -> list[tuple[str, object, int]]:
    fields = []
    for field, ctype in struct._fields_:
        if hasattr(ctype, "_length_"):
            fields.append((field, ctype._type_, ctype._length_))
        else:
            fields.append((field, ctype, 0))
    return fields


@pytest.mark.parametrize("struct", binding.STRUCTS, ids=lambda s: s.c_name)
def test_struct_fields_match_the_vendored_header(struct):
    assert _ours(struct) == _declared_fields(_header(struct), struct.c_name)


@pytest.mark.parametrize("struct", binding.STRUCTS, ids=lambda s: s.c_name)
def test_struct_size_and_offsets_match_the_compiler(struct, tmp_path):
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler")
    header = paths.LLAMA_CPP_SOURCE_DIR / struct.c_header
    names = [field for field, _ in struct._fields_]
    source = tmp_path / "layout.c"
    source.write_text("#include <stdio.h>\n#include <stddef.h>\n"
                      f'#include "{header.name}"\n'
                      "int main(void) {\n"
                      f'  printf("%zu\\n", sizeof(struct {struct.c_name}));\n'
                      + "".join(f'  printf("%zu\\n", offsetof(struct {struct.c_name}, {n}));\n' for n in names)
                      + "  return 0;\n}\n")
    program = tmp_path / "layout"
    subprocess.run([compiler, f"-I{header.parent}", str(source), "-o", str(program)], check=True)
    size, *offsets = (int(line) for line in subprocess.run([str(program)], capture_output=True, text=True,
                                                            check=True).stdout.split())
    assert ctypes.sizeof(struct) == size
    assert [getattr(struct, n).offset for n in names] == offsets
