/* eventline timeline page.
 *
 * Reads the event types (/types: key, label, colour), then the filters; asks the API for a page
 * of events (/events) and the per-month counts by type (/stats?by=month&by=type), draws a stacked bar chart with the vendored Chart.js and
 * lists the events with their evidence sentences. Every piece of data is put into the page
 * with textContent / DOM nodes, never as HTML.
 */
(function () {
  "use strict";

  /* The event types come from the API (/types: key, label, colour, in vocabulary order). */
  var TYPES = [];
  var TYPE_LABEL = {};
  var TYPE_COLOR = {};
  var PAGE_SIZE = 20;
  var UNDATED = "日期未知";

  var state = { offset: 0, next: null, prev: null, generation: 0 };
  var chart = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function filterParams() {
    var params = new URLSearchParams();
    var from = $("f-from").value, to = $("f-to").value, type = $("f-type").value;
    var province = $("f-province").value, q = $("f-q").value.trim();
    if (from) { params.set("from", from); }
    if (to) { params.set("to", to); }
    if (type) { params.append("type", type); }
    if (province) { params.set("province", province); }
    if (q) { params.set("q", q); }
    return params;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (resp) {
      return resp.json().then(function (body) {
        if (!resp.ok) { throw new Error(body.message || body.detail || resp.statusText); }
        return body;
      });
    });
  }

  /* Split `text` into plain and highlighted runs; longer terms win, matches never overlap. */
  function highlight(container, text, terms) {
    var sorted = terms.filter(function (t) { return t.term && t.term.length > 0; })
      .sort(function (a, b) { return b.term.length - a.term.length; });
    var plain = "";
    var i = 0;
    function flush() { if (plain) { container.appendChild(document.createTextNode(plain)); plain = ""; } }
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < sorted.length; k++) {
        if (text.startsWith(sorted[k].term, i)) { hit = sorted[k]; break; }
      }
      if (hit) {
        flush();
        container.appendChild(el("mark", hit.cls, hit.term));
        i += hit.term.length;
      } else {
        plain += text[i];
        i += 1;
      }
    }
    flush();
  }

  function safeHref(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function dateText(d) {
    if (!d || !d.value) { return UNDATED; }
    if (d.precision === "year") { return d.value.slice(0, 4); }
    if (d.precision === "month") { return d.value.slice(0, 7); }
    return d.value;
  }

  function regionText(r) {
    if (!r) { return ""; }
    return [r.province, r.city !== r.province ? r.city : null, r.district].filter(Boolean).join(" · ");
  }

  function renderEvent(ev) {
    var li = el("li", "event");
    li.dataset.id = ev.id;
    li.dataset.type = ev.type;
    var meta = el("div", "meta");
    meta.appendChild(el("span", "date", dateText(ev.date)));
    var badge = el("span", "badge type", TYPE_LABEL[ev.type] || ev.type);
    badge.style.background = TYPE_COLOR[ev.type] || "#555";
    meta.appendChild(badge);
    meta.appendChild(el("span", "region", regionText(ev.region)));
    meta.appendChild(el("span", "section", ev.section));
    li.appendChild(meta);
    li.appendChild(el("h3", "headline", ev.headline || ev.object || ev.id));

    var terms = [];
    if (ev.trigger) { terms.push({ term: ev.trigger, cls: "trigger" }); }
    (ev.participants || []).forEach(function (p) {
      terms.push({ term: p.name, cls: "participant" });
      if (p.normalized && p.normalized !== p.name) { terms.push({ term: p.normalized, cls: "participant" }); }
    });
    if (ev.participants && ev.participants.length) {
      li.appendChild(el("div", "participants",
        "参与方：" + ev.participants.map(function (p) { return p.normalized || p.name; }).join("、")));
    }
    (ev.mentions || []).forEach(function (m) {
      var quote = el("blockquote", "evidence");
      var sentence = el("span", "sentence");
      highlight(sentence, m.sentence || "", terms);
      quote.appendChild(sentence);
      var src = el("span", "source");
      var label = (m.source || "") + (m.title ? " · " + m.title : "") + " · " + (m.published_at || "").slice(0, 10);
      var href = m.url ? safeHref(m.url) : null;
      if (href) {
        var a = el("a", "source-link", label);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        src.appendChild(a);
      } else {
        src.textContent = label;
      }
      quote.appendChild(src);
      li.appendChild(quote);
    });
    return li;
  }

  function renderList(page) {
    var list = $("events");
    list.replaceChildren();
    page.events.forEach(function (ev) { list.appendChild(renderEvent(ev)); });
    $("total").textContent = "共 " + page.total + " 条";
    $("total").dataset.total = String(page.total);
    state.next = page.next;
    state.prev = page.prev;
    $("next").disabled = !page.next;
    $("prev").disabled = !page.prev;
    var first = page.total ? page.offset + 1 : 0;
    $("page-info").textContent = first + "–" + (page.offset + page.events.length) + " / " + page.total;
    if (!page.events.length) { list.appendChild(el("li", "empty", "没有符合条件的事件。")); }
  }

  /* rows: [{key: {month, type}, count}] → labels (months) and one dataset per type. */
  function chartData(rows) {
    var months = {};
    var byType = {};
    rows.forEach(function (row) {
      var month = row.key.month || UNDATED;
      months[month] = true;
      byType[row.key.type] = byType[row.key.type] || {};
      byType[row.key.type][month] = (byType[row.key.type][month] || 0) + row.count;
    });
    var labels = Object.keys(months).sort(function (a, b) {
      if (a === UNDATED) { return 1; }
      if (b === UNDATED) { return -1; }
      return a < b ? -1 : a > b ? 1 : 0;
    });
    var datasets = TYPES.filter(function (t) { return byType[t.type]; }).map(function (t) {
      return {
        label: t.label,
        type_key: t.type,
        backgroundColor: t.colour,
        maxBarThickness: 48,
        data: labels.map(function (m) { return byType[t.type][m] || 0; })
      };
    });
    return { labels: labels, datasets: datasets };
  }

  function renderChart(stats) {
    var data = chartData(stats.rows);
    if (!window.Chart) { $("status").textContent = "图表库未加载"; return; }
    if (!chart) {
      chart = new window.Chart($("chart"), {
        type: "bar",
        data: data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
      window.eventlineChart = chart;
    } else {
      chart.data.labels = data.labels;
      chart.data.datasets = data.datasets;
      chart.update();
    }
  }

  function setStatus(text, isError) {
    var status = $("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function load(eventsUrl) {
    var generation = ++state.generation;
    var params = filterParams();
    var statsParams = new URLSearchParams(params);
    statsParams.append("by", "month");
    statsParams.append("by", "type");
    if (!eventsUrl) {
      params.set("limit", String(PAGE_SIZE));
      params.set("offset", "0");
      eventsUrl = "/events?" + params.toString();
    }
    document.body.dataset.state = "loading";
    setStatus("加载中…", false);
    return Promise.all([getJSON(eventsUrl), getJSON("/stats?" + statsParams.toString())])
      .then(function (results) {
        if (generation !== state.generation) { return; }
        renderList(results[0]);
        renderChart(results[1]);
        setStatus("", false);
        document.body.dataset.state = "ready";
      })
      .catch(function (err) {
        if (generation !== state.generation) { return; }
        setStatus("出错了：" + err.message, true);
        document.body.dataset.state = "error";
      });
  }

  function fillTypes(types) {
    TYPES = types;
    var typeSelect = $("f-type");
    types.forEach(function (t) {
      TYPE_LABEL[t.type] = t.label;
      TYPE_COLOR[t.type] = t.colour;
      var opt = el("option", null, t.label + "（" + t.type + "）");
      opt.value = t.type;
      typeSelect.appendChild(opt);
    });
  }

  function fillOptions() {
    var types = getJSON("/types").then(fillTypes).catch(function (err) {
      setStatus("出错了：" + err.message, true);  /* events still list, with type keys for labels */
    });
    var provinces = getJSON("/stats?by=province").then(function (stats) {
      var select = $("f-province");
      stats.rows.map(function (r) { return r.key.province; }).filter(Boolean).sort()
        .forEach(function (p) {
          var opt = el("option", null, p);
          opt.value = p;
          select.appendChild(opt);
        });
    }).catch(function () { /* the filter still works as "all provinces" */ });
    return Promise.all([types, provinces]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = $("filters");
    form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
    form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") { load(); } });
    form.addEventListener("reset", function () { window.setTimeout(function () { load(); }, 0); });
    $("next").addEventListener("click", function () { if (state.next) { load(state.next); } });
    $("prev").addEventListener("click", function () { if (state.prev) { load(state.prev); } });
    fillOptions().then(function () { load(); });
  });
}());
