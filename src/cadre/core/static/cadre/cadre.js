/* Cadre's own script: behaviour wired by data attributes, never by inline handlers
   (the Content-Security-Policy allows scripts from this origin's files only). */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language switch).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // <details data-menu>: one group of the main menu open at a time; a click elsewhere or
  // Escape closes it (without script each group simply stays open until toggled).
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) {
      if (d !== except) { d.removeAttribute("open"); }
    });
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d instanceof HTMLDetailsElement && d.hasAttribute("data-menu") && d.open) { closeMenus(d); }
  }, true);
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element) || !event.target.closest("details[data-menu]")) { closeMenus(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector("details[data-menu][open]");
      if (open) { closeMenus(null); open.querySelector("summary").focus(); }
    }
  });
})();

/* The tree picker (orgs.widgets.OrganisationPicker): a <select data-picker="URL"> becomes a
   search box; typing asks URL?q=… for matches, shown with their path; arrows move, Enter or a
   click chooses, Escape closes. The select stays in the form (hidden) and carries the value,
   so the form, its validation and htmx filters work as before; without JavaScript the select
   itself is shown. */
(function () {
  "use strict";
  var count = 0;

  function enhance(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    count += 1;
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var box = document.createElement("div");
    var listId = "picker-list-" + count;
    box.className = "picker";
    input.type = "text";
    input.autocomplete = "off";
    input.id = select.id;
    select.id = select.id + "-select";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.placeholder = select.dataset.pickerPlaceholder || "";
    if (select.required) input.required = true;
    var chosen = select.options[select.selectedIndex];
    input.value = chosen && chosen.value ? chosen.text : "";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(box, select);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(select);

    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(id, name) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === id; });
      if (!option) {
        option = new Option(name, id);
        select.add(option);
      }
      select.value = id;
      input.value = id ? name : "";
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (found, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.id = String(found.id);
        item.dataset.name = found.name;
        var name = document.createElement("span");
        name.textContent = found.name;
        item.appendChild(name);
        if (found.path) {
          var path = document.createElement("small");
          path.textContent = found.path;
          item.appendChild(path);
        }
        list.appendChild(item);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = select.dataset.pickerNone || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var mine = ++asked;
      fetch(select.dataset.picker + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (mine === asked) show(data.results || []);
      });
    }

    input.addEventListener("input", function (event) {
      event.stopPropagation(); // the filter form reacts to the choice, not to the typing
      if (!input.value.trim() && select.value) choose("", "");
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { ask(); return; }
        mark(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        var item = list.querySelectorAll("[role=option]")[active];
        choose(item.dataset.id, item.dataset.name);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        choose(item.dataset.id, item.dataset.name);
      }
    });
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();

/* A test's countdown (assessments/_attempt_clock.html): <div data-countdown="SECONDS"> as the
   server counted them when it sent the page (a reload asks again, so the clock survives it);
   a warning at 5 and at 1 minute in the element [data-countdown-alert] (role=alert); at zero
   the screen's form [data-attempt-form] is submitted with go=submit. The server's clock stays
   the authority: it refuses what comes after the deadline and its grace. */
(function () {
  "use strict";
  function start(box) {
    var left = parseInt(box.dataset.countdown, 10);
    if (isNaN(left)) return;
    var end = Date.now() + left * 1000;
    var clock = box.querySelector("[data-countdown-clock]");
    var alert = box.querySelector("[data-countdown-alert]");
    var warned = left <= 60 ? 1 : (left <= 300 ? 5 : 0);
    var done = false;
    function say(text) {
      if (!alert) return;
      alert.textContent = text;
      alert.hidden = false;
    }
    if (warned === 5) say(box.dataset.warnFive);
    if (warned === 1) say(box.dataset.warnOne);
    function tick() {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      if (clock) clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      if (s <= 300 && warned === 0) { warned = 5; say(box.dataset.warnFive); box.classList.add("warn"); }
      if (s <= 60 && warned !== 1) { warned = 1; say(box.dataset.warnOne); box.classList.add("warn"); }
      if (s === 0 && !done) {
        done = true;
        say(box.dataset.ended);
        var form = document.querySelector("form[data-attempt-form]");
        if (form) {
          var go = document.createElement("input");
          go.type = "hidden";
          go.name = "go";
          go.value = "submit";
          form.appendChild(go);
          form.submit();
        }
        return;
      }
      setTimeout(tick, 1000 - ((end - Date.now()) % 1000 + 1000) % 1000 || 1000);
    }
    if (left <= 300) box.classList.add("warn");
    tick();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-countdown]").forEach(start);
  });
})();
