// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
// A table wider than its box scrolls inside the box, never the page: every table of a page
// gets a scrolling wrapper unless its template gave it one (or stacks it on phones).
function boxTables(root) {
  root.querySelectorAll("table.table").forEach(function (table) {
    var parent = table.parentElement;
    if (table.classList.contains("table-stack") || table.classList.contains("calendar")) return;
    if (parent.classList.contains("table-scroll") || parent.classList.contains("table-responsive")) {
      if (!parent.hasAttribute("tabindex")) parent.tabIndex = 0;
      return;
    }
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;  // a box that scrolls can be scrolled with the keyboard
    parent.insertBefore(box, table);
    box.appendChild(table);
  });
}

document.addEventListener("htmx:afterSwap", function (event) { boxTables(event.target); });

document.addEventListener("DOMContentLoaded", function () {
  boxTables(document);
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Dates are typed or picked as dd/mm/yyyy (vanillajs-datepicker, vendored): the field stays
  // a text field the server parses, so typing works without the picker and without JavaScript.
  if (window.Datepicker) {
    var language = document.documentElement.lang === "vi" ? "vi" : "en";
    document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
      new window.Datepicker(input, {
        format: "dd/mm/yyyy",
        language: language,
        autohide: true,
        todayButton: true,
        todayButtonMode: 1,
        todayHighlight: true,
        weekStart: 1,
        buttonClass: "btn",
        showOnFocus: false,
        showOnClick: true,
      });
    });
  }
});
