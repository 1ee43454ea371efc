// A small Markdown renderer for model answers that builds DOM nodes and never parses HTML: model
// text can only ever become text, paragraphs, headings, lists, quotes, code, emphasis and http(s)
// links, so it cannot draw anything that looks like the page's own emergency notice.
"use strict";

(function (global) {
  function inline(text, parent) {
    // `code`, **bold**, *italic* / _italic_, [label](http...)
    const pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(__[^_]+__)|(\*[^*\s][^*]*\*)|(_[^_\s][^_]*_)|(\[[^\]]+\]\((https?:\/\/[^\s)]+)\))/;
    let rest = text;
    while (rest.length) {
      const match = rest.match(pattern);
      if (!match) {
        parent.appendChild(document.createTextNode(rest));
        break;
      }
      if (match.index > 0) parent.appendChild(document.createTextNode(rest.slice(0, match.index)));
      const token = match[0];
      let node;
      if (match[1]) {
        node = document.createElement("code");
        node.textContent = token.slice(1, -1);
      } else if (match[2] || match[3]) {
        node = document.createElement("strong");
        inline(token.slice(2, -2), node);
      } else if (match[4] || match[5]) {
        node = document.createElement("em");
        inline(token.slice(1, -1), node);
      } else {
        node = document.createElement("a");
        node.href = match[7];
        node.rel = "noopener noreferrer nofollow";
        node.target = "_blank";
        node.textContent = token.slice(1, token.indexOf("]("));
      }
      parent.appendChild(node);
      rest = rest.slice(match.index + token.length);
    }
  }

  function render(markdown, container) {
    container.replaceChildren();
    const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
    let i = 0;
    let paragraph = [];
    const flush = () => {
      if (!paragraph.length) return;
      const p = document.createElement("p");
      paragraph.forEach((line, index) => {
        if (index) p.appendChild(document.createElement("br"));
        inline(line, p);
      });
      container.appendChild(p);
      paragraph = [];
    };
    while (i < lines.length) {
      const line = lines[i];
      const fence = line.match(/^\s*```/);
      if (fence) {
        flush();
        const code = [];
        i += 1;
        while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
        i += 1;
        const pre = document.createElement("pre");
        const block = document.createElement("code");
        block.textContent = code.join("\n");
        pre.appendChild(block);
        container.appendChild(pre);
        continue;
      }
      const heading = line.match(/^(#{1,6})\s+(.*)$/);
      if (heading) {
        flush();
        const h = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
        inline(heading[2], h);
        container.appendChild(h);
        i += 1;
        continue;
      }
      const bullet = /^\s*[-*+]\s+/;
      const number = /^\s*\d+[.)]\s+/;
      if (bullet.test(line) || number.test(line)) {
        flush();
        const ordered = number.test(line);
        const list = document.createElement(ordered ? "ol" : "ul");
        const marker = ordered ? number : bullet;
        while (i < lines.length && marker.test(lines[i])) {
          const item = document.createElement("li");
          inline(lines[i].replace(marker, ""), item);
          list.appendChild(item);
          i += 1;
        }
        container.appendChild(list);
        continue;
      }
      if (/^\s*>/.test(line)) {
        flush();
        const quote = document.createElement("blockquote");
        const quoted = [];
        while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ""));
        render(quoted.join("\n"), quote);
        container.appendChild(quote);
        continue;
      }
      if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
        flush();
        container.appendChild(document.createElement("hr"));
        i += 1;
        continue;
      }
      if (!line.trim()) {
        flush();
      } else {
        paragraph.push(line);
      }
      i += 1;
    }
    flush();
  }

  global.MedMarkdown = { render };
})(window);
