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
