"""The Ollama TEMPLATE medgguf writes for a GGUF's chat template: family detection, refusal of
every other family, and Go's rendering (real Go, as Ollama renders it) against the Jinja one."""
from __future__ import annotations

from pathlib import Path

import jinja2.ext  # noqa: F401
import pytest

from medgguf import paths
from medgguf.chat.template import compile_template as _compile_template
from medgguf.errors import InputError
from medgguf.export.modelfile import Modelfile, Sampling, parse_modelfile
from medgguf.export.templates import go_template_for
from tests.support import ollama

TEMPLATES = paths.LLAMA_CPP_SOURCE_DIR / "models" / "templates"
LLAMA_BOS = "<|begin_of_text|>"
# SmolLM2-135M-Instruct's template, as its tokenizer_config.json ships it (the demo model's).
SMOLLM2 = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
           "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}"
           "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
           "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")

SUPPORTED = {
    "smollm2": (lambda: SMOLLM2, "<|im_start|>", False, "ChatML"),   # its BOS is also the turn opener
    "qwen2.5": (lambda: (TEMPLATES / "Qwen-Qwen2.5-7B-Instruct.jinja").read_text(), "", False, "ChatML"),
    "llama-3.1": (lambda: (TEMPLATES / "meta-llama-Llama-3.1-8B-Instruct.jinja").read_text(), LLAMA_BOS, True, "Llama 3"),
    "llama-3.2": (lambda: (TEMPLATES / "meta-llama-Llama-3.2-3B-Instruct.jinja").read_text(), LLAMA_BOS, True, "Llama 3"),
    "llama-3.3": (lambda: (TEMPLATES / "meta-llama-Llama-3.3-70B-Instruct.jinja").read_text(), LLAMA_BOS, True, "Llama 3"),
    "llama-3.0": (lambda: ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
                           "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim "
                           "+ '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
                           "{{ content }}{% endfor %}{% if add_generation_prompt %}"
                           "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"),
                  LLAMA_BOS, True, "Llama 3"),
}
UNSUPPORTED = {
    "gemma-2": ("google-gemma-2-2b-it.jinja", "<bos>"),
    "mistral-nemo": ("mistralai-Mistral-Nemo-Instruct-2407.jinja", "<s>"),
    "phi-3.5": ("microsoft-Phi-3.5-mini-instruct.jinja", "<s>"),
    "deepseek-r1-distill-llama": ("deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja", "<｜begin▁of▁sentence｜>"),
    "hermes-3-tools": ("NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja", LLAMA_BOS),
}

CONVERSATIONS = {
    "three turns with a system message": [
        {"role": "system", "content": "You are a careful medical assistant."},
        {"role": "user", "content": "I have had a **headache** for two days."},
        {"role": "assistant", "content": "Rest and drink fluids.\n\n- paracetamol 500 mg\n- see a doctor if it lasts"},
        {"role": "user", "content": "And a fever of 39 °C?"},
        {"role": "assistant", "content": "That is high: call your doctor today."},
        {"role": "user", "content": "Danke. 发烧怎么办?"}],
    "three turns without one": [
        {"role": "user", "content": "What is hypertension?"},
        {"role": "assistant", "content": "High blood pressure."},
        {"role": "user", "content": "Is 140/90 high?"},
        {"role": "assistant", "content": "It is at the threshold."},
        {"role": "user", "content": "What should I eat?"}],
    "one question": [{"role": "user", "content": "Quote: \"{{ .System }}\" and `{{ end }}` are just text."}],
}


def jinja_rendering(source: str, messages: list[dict], bos: str, adds_bos: bool) -> str:
    text = _compile_template(source).render(messages=messages, add_generation_prompt=True, bos_token=bos,
                                            eos_token="")
    return text[len(bos):] if adds_bos and bos and text.startswith(bos) else text


@pytest.fixture(scope="module")
def go_renderer(tmp_path_factory) -> Path:
    return ollama.build_renderer(tmp_path_factory.mktemp("go"))


@pytest.mark.parametrize("name", list(SUPPORTED))
def test_family_is_detected(name):
    source, bos, adds_bos, family = SUPPORTED[name]
    template = go_template_for(source(), bos_text=bos, adds_bos=adds_bos, source=name)
    assert template.family == family
    assert template.end_of_turn == ("<|im_end|>" if family == "ChatML" else "<|eot_id|>")


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_other_families_are_refused_not_guessed(name):
    file_name, bos = UNSUPPORTED[name]
    with pytest.raises(InputError) as caught:
        go_template_for((TEMPLATES / file_name).read_text(), bos_text=bos, adds_bos=True, source=file_name)
    message = str(caught.value)
    assert file_name in message and "ChatML and Llama 3" in message and "never a guessed one" in message
    assert "--to lmstudio" in message


@pytest.mark.parametrize("conversation", list(CONVERSATIONS))
@pytest.mark.parametrize("name", list(SUPPORTED))
def test_go_rendering_equals_jinja_rendering(go_renderer, name, conversation):
    source, bos, adds_bos, _family = SUPPORTED[name]
    template = go_template_for(source(), bos_text=bos, adds_bos=adds_bos, source=name)
    messages = CONVERSATIONS[conversation]
    assert ollama.render(go_renderer, template.go_template, messages) == jinja_rendering(source(), messages, bos,
                                                                                         adds_bos)


def test_modelfile_system_becomes_the_system_message(go_renderer):
    """Ollama puts the Modelfile's SYSTEM first when a request has no system message."""
    source, bos, adds_bos, _ = SUPPORTED["llama-3.2"]
    template = go_template_for(source(), bos_text=bos, adds_bos=adds_bos)
    messages = CONVERSATIONS["three turns without one"]
    system = "Be careful.\n\nNot a clinician."
    expected = jinja_rendering(source(), [{"role": "system", "content": system}, *messages], bos, adds_bos)
    assert ollama.render(go_renderer, template.go_template, messages, system=system) == expected


def test_a_leading_bos_the_tokenizer_does_not_add_is_written_by_the_template(go_renderer):
    source = SUPPORTED["llama-3.2"][0]()
    template = go_template_for(source, bos_text=LLAMA_BOS, adds_bos=False)
    assert template.prefix == LLAMA_BOS
    messages = CONVERSATIONS["one question"]
    assert ollama.render(go_renderer, template.go_template, messages) == jinja_rendering(source, messages, LLAMA_BOS,
                                                                                         False)


def test_modelfile_reads_back_as_ollama_parses_it():
    template = go_template_for(SMOLLM2, source="demo")
    modelfile = Modelfile(model_file="demo-q4_K_M.gguf", template=template, stops=("<|im_end|>", "<|endoftext|>"),
                          sampling=Sampling(temperature=0.7, top_p=0.9, top_k=50, num_predict=400, num_ctx=4096),
                          system="Be careful.\n\nThis is not a clinician.", disclaimer="Not a medical device.",
                          title="demo")
    parsed = parse_modelfile(modelfile.text())
    assert parsed["FROM"] == ["./demo-q4_K_M.gguf"]
    assert parsed["TEMPLATE"] == [template.go_template]
    assert parsed["PARAMETER stop"] == ["<|im_end|>", "<|endoftext|>"]
    assert parsed["SYSTEM"] == ["Be careful.\n\nThis is not a clinician."]
    assert parsed["PARAMETER temperature"] == ["0.7"] and parsed["PARAMETER top_p"] == ["0.9"]
    assert parsed["PARAMETER top_k"] == ["50"] and parsed["PARAMETER num_predict"] == ["400"]
    assert parsed["PARAMETER repeat_penalty"] == ["1"]
    assert "Not a medical device." in modelfile.text()


def test_modelfile_refuses_text_that_would_end_its_string_early():
    template = go_template_for(SMOLLM2)
    modelfile = Modelfile(model_file="m.gguf", template=template, stops=("<|im_end|>",),
                          sampling=Sampling(0.7, 0.9, 50, 400, 4096), system='say """hi"""', disclaimer="d", title="t")
    with pytest.raises(InputError, match="three double quotes"):
        modelfile.text()
