/* eventline timeline page.
 *
 * Reads the event types (/types: key, label, colour), then the filters; asks the API for a page of
 * events (/events), the per-month counts by type (/stats?by=month&by=type) and the counts per region
 * one level below the current place filter; draws a stacked bar chart with the vendored Chart.js on a
 * continuous month axis, a bar list of regions (click to narrow), and lists the events with their
 * evidence sentences and, on demand, the stored article text. The filters live in the page URL
 * (shareable, bookmarkable, back/forward work); the CSV download and the Atom feed links follow them.
 * After an error nothing stale stays on screen. Every piece of data is put into the page with
 * textContent / DOM nodes, never as HTML.
 */
(function () {
  "use strict";

  /* The event types come from the API (/types: key, label, colour, in vocabulary order). */
  var TYPES = [];
  var TYPE_LABEL = {};
  var TYPE_COLOR = {};
  var SECTIONS = ["产业政策", "产业研究", "产业联盟/研究院", "产业应用", "上市公司", "其它信息"];
  var FILTERS = ["from", "to", "type", "section", "province", "city", "place", "org", "q"];
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
    FILTERS.forEach(function (name) {
      var value = $("f-" + name).value.trim();
      if (value) { params.set(name, value); }
    });
    return params;
  }

  /* A select shows a value from the URL even before (or without) its option list. */
  function setField(name, value) {
    var field = $("f-" + name);
    if (field.tagName === "SELECT" && value && !Array.prototype.some.call(field.options,
      function (o) { return o.value === value; })) {
      var opt = el("option", null, value);
      opt.value = value;
      field.appendChild(opt);
    }
    field.value = value || "";
  }

  function restoreFromUrl() {
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) { setField(name, params.get(name)); });
    state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  }

  function pageUrl(params) {
    var shown = new URLSearchParams(params);
    if (state.offset) { shown.set("offset", String(state.offset)); }
    var query = shown.toString();
    return window.location.pathname + (query ? "?" + query : "");
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

  function orgLink(name) {
    var a = el("a", "org-link", name);
    a.href = "?" + new URLSearchParams({ org: name }).toString();
    a.addEventListener("click", function (e) {
      e.preventDefault();
      $("filters").reset();
      setField("org", name);
      load({ push: true });
    });
    return a;
  }

  function articleToggle(quote, articleId) {
    var button = el("button", "article-toggle", "原文");
    button.type = "button";
    button.addEventListener("click", function () {
      var shown = quote.querySelector("pre.article-text");
      if (shown) { shown.remove(); return; }
      var pre = el("pre", "article-text", "加载中…");
      quote.appendChild(pre);
      getJSON("/articles/" + encodeURIComponent(articleId))
        .then(function (article) { pre.textContent = article.text; })
        .catch(function () { pre.textContent = "原文未存储。"; });
    });
    return button;
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
      var who = el("div", "participants", "参与方：");
      ev.participants.forEach(function (p, i) {
        if (i) { who.appendChild(document.createTextNode("、")); }
        who.appendChild(orgLink(p.normalized || p.name));
      });
      li.appendChild(who);
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
      if (m.article_id) { src.appendChild(articleToggle(quote, m.article_id)); }
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

  /* Every month from the first to the last (YYYY-MM), so empty months show as gaps, not as nothing. */
  function monthRange(first, last) {
    var out = [];
    var y = parseInt(first.slice(0, 4), 10), m = parseInt(first.slice(5, 7), 10);
    var endY = parseInt(last.slice(0, 4), 10), endM = parseInt(last.slice(5, 7), 10);
    while (y < endY || (y === endY && m <= endM)) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  /* rows: [{key: {month, type}, count}] → labels (a continuous month axis) and one dataset per type. */
  function chartData(rows) {
    var months = {};
    var byType = {};
    var undated = false;
    rows.forEach(function (row) {
      var month = row.key.month || UNDATED;
      if (month === UNDATED) { undated = true; } else { months[month] = true; }
      byType[row.key.type] = byType[row.key.type] || {};
      byType[row.key.type][month] = (byType[row.key.type][month] || 0) + row.count;
    });
    var dated = Object.keys(months).sort();
    var labels = dated.length ? monthRange(dated[0], dated[dated.length - 1]) : [];
    if (undated) { labels.push(UNDATED); }
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

  /* The level below the current place filter: provinces, then cities, then districts. */
  function regionLevel(params) {
    if (params.get("city") || params.get("place")) { return ["district", "区县"]; }
    if (params.get("province")) { return ["city", "城市"]; }
    return ["province", "省份"];
  }

  function renderRegions(level, stats) {
    var list = $("regions");
    list.replaceChildren();
    $("region-level").textContent = "（按" + level[1] + "）";
    var rows = stats.rows.filter(function (r) { return r.key[level[0]]; });
    var top = rows.reduce(function (m, r) { return Math.max(m, r.count); }, 0);
    rows.slice(0, 20).forEach(function (row) {
      var name = row.key[level[0]];
      var li = el("li", "region-row");
      li.dataset.region = name;
      var button = el("button", "region", name);
      button.type = "button";
      button.addEventListener("click", function () {
        if (level[0] === "province") { setField("province", name); setField("city", ""); }
        else if (level[0] === "city") { setField("city", name); }
        else { setField("place", name); }
        load({ push: true });
      });
      var bar = el("div", "bar");
      bar.style.width = (100 * row.count / top) + "%";
      li.appendChild(button);
      li.appendChild(bar);
      li.appendChild(el("span", "count", row.count));
      list.appendChild(li);
    });
    if (!rows.length) { list.appendChild(el("li", "empty", "没有地区信息。")); }
  }

  function renderOrg(params) {
    var org = params.get("org");
    $("org-panel").hidden = !org;
    if (!org) { return Promise.resolve(); }
    $("org-name").textContent = org;
    $("org-aliases").textContent = "";
    return getJSON("/orgs/" + encodeURIComponent(org)).then(function (profile) {
      $("org-aliases").textContent = profile.aliases.length
        ? "也称：" + profile.aliases.join("、") + "（均已检索）" : "没有已知的别名。";
    });
  }

  /* Nothing stale after an error: the list, counts, chart and regions are emptied. */
  function clearResults() {
    $("events").replaceChildren();
    $("regions").replaceChildren();
    $("total").textContent = "";
    $("total").dataset.total = "";
    $("page-info").textContent = "";
    $("next").disabled = true;
    $("prev").disabled = true;
    if (chart) {
      chart.data.labels = [];
      chart.data.datasets = [];
      chart.update();
    }
  }

  function load(options) {
    options = options || {};
    var generation = ++state.generation;
    if (options.push || options.fromFilters) { state.offset = options.offset || 0; }
    var params = filterParams();
    var statsParams = new URLSearchParams(params);
    statsParams.append("by", "month");
    statsParams.append("by", "type");
    var level = regionLevel(params);
    var regionParams = new URLSearchParams(params);
    regionParams.append("by", level[0]);
    var eventsParams = new URLSearchParams(params);
    eventsParams.set("limit", String(PAGE_SIZE));
    eventsParams.set("offset", String(state.offset));
    var here = pageUrl(params);
    if (options.push && here !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", here);
    } else if (!options.fromHistory) {
      window.history.replaceState(null, "", here);
    }
    $("download").href = "/events.csv?" + params.toString();
    $("feed").href = "/events.atom?" + params.toString();
    document.body.dataset.state = "loading";
    setStatus("加载中…", false);
    return Promise.all([
      getJSON("/events?" + eventsParams.toString()),
      getJSON("/stats?" + statsParams.toString()),
      getJSON("/stats?" + regionParams.toString()),
      renderOrg(params)
    ])
      .then(function (results) {
        if (generation !== state.generation) { return; }
        renderList(results[0]);
        renderChart(results[1]);
        renderRegions(level, results[2]);
        setStatus("", false);
        document.body.dataset.state = "ready";
      })
      .catch(function (err) {
        if (generation !== state.generation) { return; }
        clearResults();
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
    var sectionSelect = $("f-section");
    SECTIONS.forEach(function (name) {
      var opt = el("option", null, name);
      opt.value = name;
      sectionSelect.appendChild(opt);
    });
    var places = getJSON("/stats?by=province&by=city").then(function (stats) {
      function fill(select, values) {
        values.filter(Boolean).sort().forEach(function (value) {
          if (Array.prototype.some.call(select.options, function (o) { return o.value === value; })) { return; }
          var opt = el("option", null, value);
          opt.value = value;
          select.appendChild(opt);
        });
      }
      fill($("f-province"), Object.keys(stats.rows.reduce(function (m, r) { m[r.key.province] = 1; return m; }, {})));
      fill($("f-city"), Object.keys(stats.rows.reduce(function (m, r) { m[r.key.city] = 1; return m; }, {})));
    }).catch(function () { /* the filters still work as "all provinces / cities" */ });
    return Promise.all([types, places]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = $("filters");
    form.addEventListener("submit", function (e) { e.preventDefault(); load({ push: true }); });
    form.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT") { load({ push: true }); }
    });
    form.addEventListener("reset", function () { window.setTimeout(function () { load({ push: true }); }, 0); });
    $("next").addEventListener("click", function () {
      if (state.next) { load({ push: true, offset: state.offset + PAGE_SIZE }); }
    });
    $("prev").addEventListener("click", function () {
      if (state.prev) { load({ push: true, offset: Math.max(0, state.offset - PAGE_SIZE) }); }
    });
    window.addEventListener("popstate", function () { restoreFromUrl(); load({ fromHistory: true }); });
    fillOptions().then(function () { restoreFromUrl(); load(); });
  });
}());
