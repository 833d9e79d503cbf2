// slingcoach: page behaviour shared by every page (no inline scripts: the CSP forbids them).
// htmx requests carry the page's CSRF token as X-CSRF-Token (the server refuses writes without).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // Mark the current page in the main navigation.
  document.addEventListener("DOMContentLoaded", function () {
    var here = window.location.pathname;
    document.querySelectorAll(".nav a").forEach(function (link) {
      var path = link.getAttribute("href");
      if (path === here || (path.length > 1 && here.indexOf(path) === 0 && path !== "/coach/")) {
        link.setAttribute("aria-current", "page");
      } else if (path === "/coach/" && (here === "/coach/" || here.indexOf("/coach/clients") === 0)) {
        link.setAttribute("aria-current", "page");
      }
    });
  });

  // Expose the token for page scripts that call fetch() themselves.
  window.slingcoach = window.slingcoach || {};
  window.slingcoach.csrfToken = csrfToken;
})();
