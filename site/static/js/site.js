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
