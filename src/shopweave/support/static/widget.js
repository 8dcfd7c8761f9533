/* Shopweave support widget. Embed with:
 *   <link rel="stylesheet" href="https://YOUR-SHOPWEAVE/support/widget.css">
 *   <script src="https://YOUR-SHOPWEAVE/support/widget.js" data-shopweave-support defer></script>
 * It talks to the /support REST API of the server it was loaded from, and polls for agent replies.
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-shopweave-support]");
  var base = (script && script.src) ? new URL(script.src).origin : "";
  var api = base + "/support/conversations";
  var conversationId = null;
  var lastId = 0;
  var seen = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  var launcher = el("button", { "class": "sw-chat-launcher", "type": "button", "aria-label": "Open chat" }, "Chat with us");
  var panel = el("section", { "class": "sw-chat", "role": "dialog", "aria-label": "Support chat", "data-open": "false" });
  var header = el("header", {}, "Customer support");
  var log = el("div", { "class": "sw-log", "aria-live": "polite" });
  var form = el("form", { "class": "sw-form" });
  var input = el("input", { "type": "text", "name": "message", "placeholder": "Type your message…", "autocomplete": "off", "aria-label": "Message" });
  var send = el("button", { "type": "submit" }, "Send");
  form.appendChild(input); form.appendChild(send);
  panel.appendChild(header); panel.appendChild(log); panel.appendChild(form);

  function show(role, text, id) {
    if (!text) { return; }
    if (id) { if (seen[id]) { return; } seen[id] = true; lastId = Math.max(lastId, id); }
    var msg = el("div", { "class": "sw-msg", "data-role": role }, text);
    log.appendChild(msg);
    log.scrollTop = log.scrollHeight;
  }

  function request(method, url, body) {
    return fetch(url, {
      method: method,
      headers: { "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function start() {
    if (conversationId) { return Promise.resolve(conversationId); }
    return request("POST", api, { channel: "widget" }).then(function (data) {
      conversationId = data.conversation_id;
      show("assistant", data.greeting);
      return conversationId;
    });
  }

  function poll() {
    if (!conversationId) { return; }
    request("GET", api + "/" + conversationId + "/messages?after=" + lastId).then(function (items) {
      items.forEach(function (m) {
        if (m.role === "agent") { show("agent", m.text, m.id); } else { seen[m.id] = true; lastId = Math.max(lastId, m.id); }
      });
    }).catch(function () { /* offline: try again on the next tick */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    show("customer", text);
    start().then(function (id) {
      return request("POST", api + "/" + id + "/messages", { text: text });
    }).then(function (reply) {
      show("assistant", reply.text);
      poll();
    }).catch(function () {
      show("assistant", "Sorry, I can't reach the store right now. Please try again in a moment.");
    });
  });

  launcher.addEventListener("click", function () {
    var open = panel.getAttribute("data-open") !== "true";
    panel.setAttribute("data-open", open ? "true" : "false");
    if (open) { start(); input.focus(); }
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    if (script && script.getAttribute("data-open") === "true") { launcher.click(); }
    setInterval(poll, 2000);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mount); } else { mount(); }
})();
