/* A calendar for the app's date fields (issue 19). The field is plain text that shows and sends
   dd/mm/yyyy, which the server reads (DATE_INPUT_FORMATS); typing still works without this
   script. Next to each input[data-datepicker] a "Lịch" button opens a month grid (Monday
   first); choosing a day writes dd/mm/yyyy. data-min / data-max (dd/mm/yyyy) grey out days
   outside a range. CSP: no inline style or script, classes only (app.css). */
(function () {
  "use strict";
  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
                "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var open = null; // the calendar on screen: {box, input, toggle}

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }

  function parse(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || ""), day, month, year;
    if (m) { day = +m[1]; month = +m[2]; year = +m[3]; }
    else {
      m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || "");
      if (!m) return null;
      year = +m[1]; month = +m[2]; day = +m[3];
    }
    var date = new Date(year, month - 1, day);
    return date.getDate() === day && date.getMonth() === month - 1 ? date : null;
  }

  function spoken(d) { return d.getDate() + " tháng " + (d.getMonth() + 1) + " năm " + d.getFullYear(); }

  function sameDay(a, b) { return a && b && a.getTime() === b.getTime(); }

  function close(focusInput) {
    if (!open) return;
    var was = open;
    open = null;
    was.box.remove();
    was.toggle.setAttribute("aria-expanded", "false");
    if (focusInput) was.input.focus();
  }

  function button(text, className, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  function render(state) {
    var box = state.box, input = state.input, shown = state.month;
    var chosen = parse(input.value), today = new Date();
    today = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    var min = parse(input.dataset.min), max = parse(input.dataset.max);
    box.textContent = "";
    var head = document.createElement("div");
    head.className = "datepicker-head";
    var prev = button("‹", "datepicker-nav", "Tháng trước");
    var next = button("›", "datepicker-nav", "Tháng sau");
    var title = document.createElement("span");
    title.className = "datepicker-title";
    title.setAttribute("aria-live", "polite");
    title.textContent = MONTHS[shown.getMonth()] + " năm " + shown.getFullYear();
    prev.addEventListener("click", function () { state.month = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); render(state); });
    next.addEventListener("click", function () { state.month = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); render(state); });
    head.appendChild(prev); head.appendChild(title); head.appendChild(next);
    box.appendChild(head);

    var table = document.createElement("table");
    table.className = "datepicker-grid";
    var row = document.createElement("tr");
    WEEKDAYS.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      row.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(row);
    table.appendChild(thead);
    var body = document.createElement("tbody");
    var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
    var day = new Date(first.getFullYear(), first.getMonth(), 1 - ((first.getDay() + 6) % 7));
    for (var week = 0; week < 6; week++) {
      row = document.createElement("tr");
      for (var i = 0; i < 7; i++) {
        var cell = document.createElement("td");
        var current = new Date(day.getFullYear(), day.getMonth(), day.getDate());
        // The accessible name starts with the visible number: "9 tháng 6 năm 2023".
        var pick = button(String(current.getDate()), "datepicker-day", spoken(current));
        if (current.getMonth() !== shown.getMonth()) pick.classList.add("datepicker-other");
        if (sameDay(current, today)) pick.classList.add("datepicker-today");
        if (sameDay(current, chosen)) { pick.classList.add("datepicker-chosen"); pick.setAttribute("aria-pressed", "true"); }
        if ((min && current < min) || (max && current > max)) pick.disabled = true;
        pick.addEventListener("click", choose.bind(null, state, current));
        cell.appendChild(pick);
        row.appendChild(cell);
        day.setDate(day.getDate() + 1);
      }
      body.appendChild(row);
      if (day.getMonth() !== shown.getMonth() && week >= 3) break;
    }
    table.appendChild(body);
    box.appendChild(table);
    var foot = document.createElement("div");
    foot.className = "datepicker-foot";
    var todayButton = button("Hôm nay", "button small");
    todayButton.disabled = (min && today < min) || (max && today > max);
    todayButton.addEventListener("click", choose.bind(null, state, today));
    var cancel = button("Đóng", "button small");
    cancel.addEventListener("click", function () { close(true); });
    foot.appendChild(todayButton); foot.appendChild(cancel);
    box.appendChild(foot);
  }

  function choose(state, date) {
    state.input.value = format(date);
    state.input.dispatchEvent(new Event("input", { bubbles: true }));
    state.input.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function toggleFor(input, toggle) {
    if (open && open.input === input) { close(true); return; }
    close(false);
    var chosen = parse(input.value) || parse(input.dataset.min) || new Date();
    var box = document.createElement("div");
    box.className = "datepicker";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Chọn ngày");
    // Clicks inside (month arrows re-render the grid) never count as "outside".
    box.addEventListener("click", function (event) { event.stopPropagation(); });
    open = { box: box, input: input, toggle: toggle, month: new Date(chosen.getFullYear(), chosen.getMonth(), 1) };
    render(open);
    toggle.parentNode.insertBefore(box, toggle.nextSibling);
    toggle.setAttribute("aria-expanded", "true");
    var focus = box.querySelector(".datepicker-chosen") || box.querySelector(".datepicker-today") || box.querySelector(".datepicker-day:not([disabled])");
    if (focus) focus.focus();
  }

  function setUp(input) {
    if (input.dataset.datepickerReady) return;
    input.dataset.datepickerReady = "1";
    var wrap = document.createElement("span");
    wrap.className = "datepicker-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var toggle = button("Lịch", "button small datepicker-toggle", "Chọn ngày trên lịch");
    toggle.setAttribute("aria-haspopup", "dialog");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () { toggleFor(input, toggle); });
    wrap.appendChild(toggle);
  }

  function enhance(root) {
    if (root.matches && root.matches("input[data-datepicker]")) setUp(root);
    root.querySelectorAll("input[data-datepicker]").forEach(setUp);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) close(true);
  });
  document.addEventListener("click", function (event) {
    if (open && !open.box.contains(event.target) && event.target !== open.toggle) close(false);
  });
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
