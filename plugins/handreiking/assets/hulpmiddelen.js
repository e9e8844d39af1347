/* The tools of the handreiking: filters and search on the sociale kaart, and the
   worksheet of the partnerschapskaart. Our own file, served by this site; it loads
   nothing from anywhere and sends nothing anywhere. What a group writes on the
   worksheet stays in this browser (localStorage) until it is cleared. */
(function () {
  "use strict";

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plain(text) {
    return (text || "").toLocaleLowerCase("nl").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /* -- the sociale kaart ------------------------------------------------------ */

  var FACETS = [
    ["thema", "Thema", "Alle thema's"],
    ["doelgroep", "Doelgroep", "Alle doelgroepen"],
    ["wijk", "Wijk", "Alle wijken"]
  ];

  function kaart(box) {
    var entries = Array.prototype.slice.call(
      document.querySelectorAll(".sociale-kaart-organisatie")
    );
    if (!entries.length) return;
    var values = function (entry, facet) {
      return Array.prototype.map.call(
        entry.querySelectorAll(".sociale-kaart-" + facet + " li"),
        function (li) { return li.textContent.trim(); }
      );
    };
    var form = el("div", { role: "search", "aria-label": "Zoeken op de sociale kaart",
                           "class": "sociale-kaart-filters" });
    var search = el("input", { type: "search", id: "sociale-kaart-tekst",
                               autocomplete: "off" });
    var field = el("p", { "class": "sociale-kaart-veld" });
    field.appendChild(el("label", { "for": "sociale-kaart-tekst" }, "Zoek op naam of omschrijving"));
    field.appendChild(search);
    form.appendChild(field);
    var selects = {};
    FACETS.forEach(function (facet) {
      var seen = {};
      entries.forEach(function (entry) {
        values(entry, facet[0]).forEach(function (v) { seen[plain(v)] = seen[plain(v)] || v; });
      });
      var keys = Object.keys(seen).sort(function (a, b) { return a.localeCompare(b, "nl"); });
      if (!keys.length) return;
      var select = el("select", { id: "sociale-kaart-" + facet[0] + "-kiezen" });
      select.appendChild(el("option", { value: "" }, facet[2]));
      keys.forEach(function (key) { select.appendChild(el("option", { value: key }, seen[key])); });
      var p = el("p", { "class": "sociale-kaart-veld" });
      p.appendChild(el("label", { "for": select.id }, facet[1]));
      p.appendChild(select);
      form.appendChild(p);
      selects[facet[0]] = select;
    });
    var count = el("p", { "class": "sociale-kaart-aantal", role: "status", "aria-live": "polite" });
    box.appendChild(form);
    box.appendChild(count);

    function apply() {
      var words = plain(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var text = plain(entry.textContent);
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        Object.keys(selects).forEach(function (facet) {
          var wanted = selects[facet].value;
          if (wanted && values(entry, facet).map(plain).indexOf(wanted) < 0) ok = false;
        });
        entry.hidden = !ok;
        if (ok) shown += 1;
      });
      // on the page of all editions: an edition's heading goes with its organisations
      Array.prototype.forEach.call(document.querySelectorAll(".sociale-kaart-editie"), function (h) {
        var next = h.nextElementSibling, any = false;
        while (next && next.classList.contains("sociale-kaart-organisatie")) {
          if (!next.hidden) any = true;
          next = next.nextElementSibling;
        }
        h.hidden = !any;
      });
      count.textContent = shown === 1 ? "1 organisatie" : shown + " organisaties";
    }
    search.addEventListener("input", apply);
    Object.keys(selects).forEach(function (f) { selects[f].addEventListener("change", apply); });
    apply();
  }

  /* -- the worksheet of the partnerschapskaart -------------------------------- */

  var KEY = "handreiking-partnerschapskaart";
  var SIZE_KEY = "handreiking-partnerschapskaart-groot";
  var FORMAT = "handreiking-partnerschapskaart";

  function werkblad(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll(".werkblad-stap"));
    var status = el("p", { "class": "werkblad-status", role: "status", "aria-live": "polite" });
    var store = null;
    try { store = window.localStorage; } catch (e) { store = null; }

    function empty() {
      return { formaat: FORMAT, versie: 1, stappen: steps.map(function () { return []; }) };
    }
    function read() {
      var data = null;
      try { data = JSON.parse((store && store.getItem(KEY)) || "null"); } catch (e) { data = null; }
      return valid(data) ? data : empty();
    }
    function valid(data) {
      return !!data && data.formaat === FORMAT && Array.isArray(data.stappen) &&
        data.stappen.length === steps.length &&
        data.stappen.every(function (list) {
          return Array.isArray(list) && list.every(function (c) {
            return c && typeof c.partner === "string" && typeof c.tekst === "string";
          });
        });
    }
    function collect() {
      var data = empty();
      steps.forEach(function (step, i) {
        Array.prototype.forEach.call(step.querySelectorAll(".werkblad-bijdrage"), function (row) {
          data.stappen[i].push({
            partner: row.querySelector("input").value,
            tekst: row.querySelector("textarea").value
          });
        });
      });
      return data;
    }
    function save() {
      if (store) store.setItem(KEY, JSON.stringify(collect()));
    }
    function say(text) { status.textContent = text; }

    function addRow(step, index, contribution) {
      var list = step.querySelector(".werkblad-bijdragen");
      var n = list.children.length + 1;
      var title = step.querySelector("h2").textContent;
      var row = el("li", { "class": "werkblad-bijdrage" });
      var partnerId = "werkblad-" + (index + 1) + "-" + n + "-partner";
      var textId = "werkblad-" + (index + 1) + "-" + n + "-tekst";
      row.appendChild(el("label", { "for": partnerId }, "Partner"));
      var partner = el("input", { type: "text", id: partnerId,
                                  "aria-description": title + ", bijdrage " + n });
      partner.value = contribution.partner;
      row.appendChild(partner);
      row.appendChild(el("label", { "for": textId }, "Bijdrage"));
      var text = el("textarea", { id: textId, rows: "3",
                                  "aria-description": title + ", bijdrage " + n });
      text.value = contribution.tekst;
      row.appendChild(text);
      var printed = el("p", { "class": "werkblad-afdruk" });
      row.appendChild(printed);
      function mirror() {
        printed.textContent = (partner.value ? partner.value + ": " : "") + text.value;
      }
      mirror();
      [partner, text].forEach(function (field) {
        field.addEventListener("input", function () { mirror(); save(); });
      });
      list.appendChild(row);
      return partner;
    }

    function fill(data) {
      steps.forEach(function (step, i) {
        var list = step.querySelector(".werkblad-bijdragen");
        list.textContent = "";
        var contributions = data.stappen[i].length ? data.stappen[i] : [{ partner: "", tekst: "" }];
        contributions.forEach(function (c) { addRow(step, i, c); });
      });
    }

    steps.forEach(function (step, i) {
      var more = el("button", { type: "button", "class": "md-button werkblad-meer" },
                    "Nog een bijdrage");
      more.setAttribute("aria-label", "Nog een bijdrage bij " + step.querySelector("h2").textContent);
      more.addEventListener("click", function () {
        addRow(step, i, { partner: "", tekst: "" }).focus();
        save();
      });
      step.appendChild(more);
    });

    var bar = root.querySelector(".werkblad-knoppen");
    function button(label, action) {
      var b = el("button", { type: "button", "class": "md-button" }, label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    button("Afdrukken", function () { window.print(); });
    button("Lege kaart afdrukken", function () {
      document.body.classList.add("werkblad-leeg");
      window.print();
      document.body.classList.remove("werkblad-leeg");
    });
    button("Exporteren", function () {
      var blob = new Blob([JSON.stringify(collect(), null, 2)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "partnerschapskaart.json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      say("De kaart is als bestand opgeslagen: partnerschapskaart.json.");
    });
    var picker = el("input", { type: "file", accept: ".json,application/json",
                               id: "werkblad-bestand", "class": "werkblad-verborgen" });
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        if (!valid(data)) {
          say("Dit bestand is geen geëxporteerde partnerschapskaart; er is niets veranderd.");
          return;
        }
        fill(data);
        save();
        say("De kaart uit " + file.name + " staat erin.");
      });
      picker.value = "";
    });
    bar.appendChild(picker);
    button("Importeren", function () { picker.click(); });
    button("Wissen", function () {
      if (!window.confirm("Alles wat op deze kaart staat wissen, ook uit deze browser?")) return;
      if (store) store.removeItem(KEY);
      fill(empty());
      say("De kaart is leeg; er is niets meer van bewaard in deze browser.");
    });
    var big = button("Grote tekst", function () {
      var on = !document.body.classList.contains("werkblad-groot");
      document.body.classList.toggle("werkblad-groot", on);
      big.setAttribute("aria-pressed", on ? "true" : "false");
      if (store) { if (on) store.setItem(SIZE_KEY, "1"); else store.removeItem(SIZE_KEY); }
    });
    var large = !!(store && store.getItem(SIZE_KEY));
    document.body.classList.toggle("werkblad-groot", large);
    big.setAttribute("aria-pressed", large ? "true" : "false");
    bar.appendChild(status);
    document.body.classList.add("werkblad-pagina");
    // The card is printed on one A4 landscape page; other pages keep the reader's size.
    var paper = el("style", {}, "@page { size: A4 landscape; margin: 1cm; }");
    document.head.appendChild(paper);
    fill(read());
  }

  function start() {
    // Only the elements the plugin's pages have (a heading may carry the same id).
    var box = document.querySelector("div#sociale-kaart-zoeken.sociale-kaart-zoeken");
    if (box && !box.children.length) kaart(box);
    var sheet = document.querySelector("div#werkblad.werkblad");
    if (sheet && sheet.querySelector(".werkblad-knoppen") &&
        !sheet.classList.contains("werkblad-klaar")) {
      sheet.classList.add("werkblad-klaar");
      werkblad(sheet);
    }
  }

  // Material's instant navigation swaps pages without loading them: start on each.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
