import re

import pytest

from medgguf import paths
from medgguf.llamacpp import quant_types
from medgguf.errors import InputError


def test_names_mirror_the_vendored_llama_quantize():
    source = paths.LLAMA_CPP_SOURCE_DIR / "tools" / "quantize" / "quantize.cpp"
    if not source.exists():
        pytest.skip("vendored llama.cpp not extracted")
    block = source.read_text().split("QUANT_OPTIONS", 1)[1].split("};", 1)[0]
    upstream = {name for name in re.findall(r'\{\s*"([A-Z0-9_]+)"', block) if name != "COPY"}
    assert upstream == set(quant_types.QUANT_TYPES)


@pytest.mark.parametrize("given,canonical,label", [("q4_k_m", "Q4_K_M", "q4_K_M"), ("Q8_0", "Q8_0", "q8_0"),
                                                   ("iq4_xs", "IQ4_XS", "iq4_XS"), ("f16", "F16", "f16")])
def test_normalize_and_file_label(given, canonical, label):
    assert quant_types.normalize(given) == canonical
    assert quant_types.file_label(given) == label


def test_unknown_type_lists_the_valid_ones():
    with pytest.raises(InputError) as err:
        quant_types.normalize("Q9_Z")
    assert "unknown quantization type 'Q9_Z'" in str(err.value)
    assert "Q4_K_M" in str(err.value) and "IQ4_XS" in str(err.value)
