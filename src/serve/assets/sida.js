// lofte serve: the page works without this file. It adds drag and drop
// onto the upload field, a progress line while a form is sent, and keeps
// the Kontroll step up to date when the agreement's files change.
(function () {
  "use strict";
  // Marks the page as scripted (the browser test checks it is not, when
  // JavaScript is switched off).
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-slapp]").forEach(function (zone) {
    var form = zone.closest("form");
    var input = form.querySelector("input[type=file]");
    zone.addEventListener("dragover", function (e) {
      e.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("over");
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      input.files = e.dataTransfer.files;
      form.requestSubmit();
    });
  });
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var busy = form.querySelector(".pagar");
      if (busy) busy.hidden = false;
    });
  });
  var check = document.querySelector("[data-stamp-url]");
  if (check) {
    var last = check.getAttribute("data-stamp");
    setInterval(function () {
      fetch(check.getAttribute("data-stamp-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : last; })
        .then(function (stamp) {
          if (stamp === last) return;
          last = stamp;
          return fetch(check.getAttribute("data-fragment-url"), { credentials: "same-origin" })
            .then(function (r) { return r.text(); })
            .then(function (html) { check.innerHTML = html; });
        })
        .catch(function () {});
    }, 3000);
  }
})();
