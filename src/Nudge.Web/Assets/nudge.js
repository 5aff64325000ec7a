// Nudge dashboard: progressive enhancement only. Every form works without this file; with it,
// - a form with data-confirm asks first;
// - a POST form with data-swap="#id" is sent with fetch (antiforgery token in the RequestVerificationToken header) and
//   the element #id is replaced by the HTML fragment the server answers, htmx-style;
// - a button with data-copy="#id" copies that element's text.
// The Content-Security-Policy forbids inline script and style: behaviour lives here, looks in nudge.css.
(function () {
  "use strict";

  var tokenField = "__RequestVerificationToken";

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function swap(form, target) {
    var body = new FormData(form);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "RequestVerificationToken": String(body.get(tokenField) || ""), "Nudge-Fragment": "1" }
    }).then(function (response) {
      if (response.status === 401) {
        // The session ended: a reload goes through the login page.
        window.location.reload();
        return;
      }
      if (!response.ok) {
        throw new Error(response.status + " " + response.statusText);
      }
      return response.text().then(function (html) {
        var fresh = fragment(html);
        if (!fresh) {
          throw new Error("empty answer");
        }
        target.replaceWith(fresh);
        fresh.classList.add("updated");
      });
    }).catch(function () {
      // Whatever went wrong, the plain form post shows it (or works).
      buttons.forEach(function (b) { b.disabled = false; });
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var selector = form.getAttribute("data-swap");
    var target = selector ? document.querySelector(selector) : null;
    if (!target || form.method.toLowerCase() !== "post" || !window.fetch) {
      return;
    }
    event.preventDefault();
    swap(form, target);
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
    var source = button ? document.querySelector(button.getAttribute("data-copy")) : null;
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = "Copied";
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // The copy buttons only make sense with this script (and a clipboard): shown here.
    if (navigator.clipboard) {
      document.querySelectorAll("button[data-copy][hidden]").forEach(function (b) { b.hidden = false; });
    }
  });
})();

// templates
// The template editor (/templates/{name}): a form with data-live-preview="#id" and data-preview-url="…" posts itself
// to that URL (header Nudge-Fragment) shortly after each change and replaces #id with the preview fragment answered.
// Without this script, its Preview button does the same with a full page.
(function () {
  "use strict";

  var delay = 400;

  function refresh(form, state) {
    var target = document.querySelector(form.getAttribute("data-live-preview"));
    var url = form.getAttribute("data-preview-url");
    if (!target || !url || !window.fetch) {
      return;
    }
    var body = new FormData(form);
    var request = ++state.sent;
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "RequestVerificationToken": String(body.get("__RequestVerificationToken") || ""), "Nudge-Fragment": "1" }
    }).then(function (response) {
      if (response.status === 401) {
        window.location.reload();
        return null;
      }
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // An answer to an older edit arriving late never replaces a newer preview.
      if (!html || request !== state.sent) {
        return;
      }
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      var fresh = template.content.firstElementChild;
      var current = document.querySelector(form.getAttribute("data-live-preview"));
      if (fresh && current) {
        current.replaceWith(fresh);
      }
    }).catch(function () {
      // The Preview button still works.
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
      var state = { sent: 0, timer: 0 };
      function schedule() {
        window.clearTimeout(state.timer);
        state.timer = window.setTimeout(function () { refresh(form, state); }, delay);
      }
      form.addEventListener("input", schedule);
      form.addEventListener("change", schedule);
    });
  });
})();
