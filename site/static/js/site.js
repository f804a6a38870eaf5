// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Mobile menu toggle.
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("main-nav-list");
  if (toggle && list) {
    toggle.hidden = false;
    list.setAttribute("data-collapsed", "true");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      list.setAttribute("data-collapsed", String(open));
    });
  }

  // Move focus to the error summary so screen reader and keyboard users hear what to fix.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A box that makes another field required ("I want a reply" → email): the field's label stops
  // saying "optional", and the field says it is required.
  document.querySelectorAll("[data-requires]").forEach(function (box) {
    var input = document.getElementById(box.getAttribute("data-requires"));
    var label = input && document.querySelector("label[for='" + input.id + "']");
    if (!label) { return; }
    var update = function () {
      label.textContent = input.getAttribute(box.checked ? "data-label-required" : "data-label-optional");
      if (box.checked) { input.setAttribute("aria-required", "true"); } else { input.removeAttribute("aria-required"); }
    };
    box.addEventListener("change", update);
    if (box.checked) { update(); }
  });

  // Captcha: a new picture without reloading the page (keeps what the person typed).
  document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = button.closest("[data-captcha]");
      fetch(button.getAttribute("data-url"), { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          box.querySelector("[data-captcha-image]").src = data.image_url;
          box.querySelector("input[type=hidden]").value = data.key;
          var audio = box.querySelector("[data-captcha-audio]");
          if (audio && data.audio_url) { audio.href = data.audio_url; }
          var input = box.querySelector("input[type=text]");
          input.value = "";
          input.focus();
        });
    });
  });
})();
