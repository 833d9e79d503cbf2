// slingcoach: the rest timer of /me/today. After a set is logged, the swapped exercise card
// carries data-rest-s (the rest, or the pause between sides) and data-rest-label; the timer's
// end time is kept in localStorage, so it survives a reload, and counts down from the clock.
(function () {
  "use strict";

  var page = document.querySelector("[data-timer-key]");
  var box = document.getElementById("rest-timer");
  if (!page || !box) { return; }
  var storeKey = "slingcoach:rest:" + page.getAttribute("data-timer-key");
  var clock = document.getElementById("rest-clock");
  var label = document.getElementById("rest-label");
  var tick = null;

  function read() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "null"); }
    catch (e) { return null; }
  }
  function write(value) {
    try {
      if (value) { window.localStorage.setItem(storeKey, JSON.stringify(value)); }
      else { window.localStorage.removeItem(storeKey); }
    } catch (e) { /* private mode: the timer still runs, it just forgets on reload */ }
  }
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function stop(done) {
    if (tick) { window.clearInterval(tick); tick = null; }
    write(null);
    if (done) {
      label.textContent = "Go: next set";
      clock.textContent = "0:00";
      box.classList.add("timer--done");
      if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
      window.setTimeout(function () { box.hidden = true; box.classList.remove("timer--done"); }, 4000);
    } else {
      box.hidden = true;
    }
  }
  function show() {
    var state = read();
    if (!state) { box.hidden = true; return; }
    var left = Math.ceil((state.endsAt - Date.now()) / 1000);
    if (left <= 0) { stop(true); return; }
    box.hidden = false;
    label.textContent = state.label;
    clock.textContent = format(left);
  }
  function start(seconds, text) {
    if (!(seconds > 0)) { return; }
    write({ endsAt: Date.now() + seconds * 1000, label: text || "Rest" });
    box.classList.remove("timer--done");
    if (!tick) { tick = window.setInterval(show, 250); }
    show();
  }

  document.getElementById("rest-skip").addEventListener("click", function () { stop(false); });
  // An outerHTML swap replaces the card: find the fresh one by its attribute, then clear it.
  document.body.addEventListener("htmx:afterSettle", function () {
    var card = document.querySelector("[data-rest-s]");
    if (!card) { return; }
    start(parseInt(card.getAttribute("data-rest-s"), 10), card.getAttribute("data-rest-label"));
    card.removeAttribute("data-rest-s");
  });
  if (read()) { tick = window.setInterval(show, 250); show(); }
  window.slingcoach = window.slingcoach || {};
  window.slingcoach.restTimer = { start: start, stop: stop };
})();
