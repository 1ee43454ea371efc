// The chat page: streams answers from /v1/chat/completions and shows the server's emergency
// notice above the answer. The notice comes in the stream's first chunk (medgguf.triage), before
// any model token, and is drawn outside the answer's element, in a style the Markdown renderer
// cannot produce.
"use strict";

(function () {
  const conversation = document.getElementById("conversation");
  const form = document.getElementById("composer");
  const prompt = document.getElementById("prompt");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const keyRow = document.getElementById("key-row");
  const keyInput = document.getElementById("api-key");
  const history = [];   // {role, content}: what the model sees next turn (answers without the notice)
  let busy = false;

  keyInput.value = sessionStorage.getItem("medgguf-api-key") || "";

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addUser(text) {
    const message = element("section", "message user");
    message.appendChild(element("div", "who", "You"));
    const body = element("div", "body");
    body.textContent = text;
    message.appendChild(body);
    conversation.appendChild(message);
  }

  function addAssistant() {
    const message = element("section", "message assistant");
    message.dataset.state = "waiting";
    message.appendChild(element("div", "who", "Assistant"));
    const notice = element("div", "notice-slot");
    const answer = element("div", "answer");
    answer.appendChild(element("span", "typing", "…"));
    const meta = element("div", "meta");
    message.append(notice, answer, meta);
    conversation.appendChild(message);
    return { message, notice, answer, meta };
  }

  function showNotice(slot, triage) {
    const box = element("div", "notice");
    box.setAttribute("role", "alert");
    box.appendChild(element("div", "notice-title", "⚠ " + triage.headline));
    triage.notice.split("\n").forEach((line) => {
      // The headline is the title; the first line repeats it ("HEADLINE: your message mentions ...").
      const text = line.startsWith(triage.headline + ": ") ? line.slice(triage.headline.length + 2) : line;
      box.appendChild(element("p", "", text.charAt(0).toUpperCase() + text.slice(1)));
    });
    slot.appendChild(box);
  }

  function scrollDown() {
    window.scrollTo(0, document.body.scrollHeight);
  }

  function headers() {
    const h = { "Content-Type": "application/json" };
    const key = keyInput.value.trim();
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }

  async function readError(response) {
    try {
      const body = await response.json();
      return (body.error && body.error.message) || response.statusText;
    } catch (_) {
      return response.statusText || String(response.status);
    }
  }

  async function ask(text) {
    busy = true;
    send.disabled = true;
    addUser(text);
    history.push({ role: "user", content: text });
    const view = addAssistant();
    scrollDown();
    let answer = "";
    let pending = false;
    const draw = () => {
      pending = false;
      MedMarkdown.render(answer, view.answer);
      scrollDown();
    };
    try {
      const response = await fetch("/v1/chat/completions", {
        method: "POST",
        headers: headers(),
        body: JSON.stringify({ messages: history, stream: true }),
      });
      if (!response.ok) {
        if (response.status === 401) keyRow.hidden = false;
        throw new Error(await readError(response));
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      let first = true;
      let done = false;
      while (!done) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("");
          if (!data) continue;
          if (data === "[DONE]") { done = true; break; }
          const chunk = JSON.parse(data);
          if (chunk.error) throw new Error(chunk.error.message);
          if (first) {
            // The first chunk carries the triage result; its content, if any, is the same notice
            // as text for clients that show only text, so it is not added to the answer here.
            first = false;
            const triage = chunk.medgguf && chunk.medgguf.triage;
            if (triage && triage.emergency) showNotice(view.notice, triage);
            view.message.dataset.state = "streaming";
            continue;
          }
          const choice = chunk.choices && chunk.choices[0];
          if (choice && choice.delta && choice.delta.content) {
            answer += choice.delta.content;
            if (!pending) { pending = true; requestAnimationFrame(draw); }
          }
          if (choice && choice.finish_reason) {
            const stats = (chunk.medgguf && chunk.medgguf.stats) || {};
            const ending = choice.finish_reason === "length" ? " · stopped at the token limit" : "";
            view.meta.textContent = `${(stats.decode_tokens_per_s || 0).toFixed(1)} tok/s · first token ` +
              `${(stats.ttft_s || 0).toFixed(2)} s${ending}`;
          }
        }
      }
      draw();
      history.push({ role: "assistant", content: answer });
      view.message.dataset.state = "done";
      status.textContent = "";
    } catch (error) {
      history.pop();
      view.answer.replaceChildren(element("div", "error", "Error: " + error.message));
      view.message.dataset.state = "error";
    } finally {
      busy = false;
      send.disabled = false;
      prompt.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = prompt.value.trim();
    if (!text || busy) return;
    prompt.value = "";
    if (keyInput.value) sessionStorage.setItem("medgguf-api-key", keyInput.value.trim());
    ask(text);
  });

  prompt.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("reset").addEventListener("click", () => {
    if (busy) return;
    history.length = 0;
    conversation.replaceChildren();
    prompt.focus();
  });

  fetch("/health").then((r) => r.json()).then((h) => {
    status.textContent = h.busy || h.waiting ? `server busy: ${h.waiting} waiting` : "";
  }).catch(() => { status.textContent = "the server is not reachable"; });
  prompt.focus();
})();
