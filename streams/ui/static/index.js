// The index page: the table of tracked figures, with search and sortable columns.
"use strict";

(() => {
  const { el, getJSON, figureUrl, wording, day, changeBadge, kindBadge } = figwatch;

  const SORT_VALUES = {
    label: (row) => row.label.toLocaleLowerCase("en"),
    current: (row) => (row.current ? row.current.number : -Infinity),
    change: (row) => (row.last_change ? row.last_change.published_at : ""),
    sources: (row) => row.sources,
    reports: (row) => row.reports,
  };

  const state = { rows: [], query: "", sort: null, descending: false };

  function searchable(row) {
    const words = row.words.map((w) => w.text).join(" ");
    return `${row.label} ${row.metric_key} ${words}`.toLocaleLowerCase();
  }

  function renderRow(row) {
    const words = row.words.map((w) => wording(w.text, w.language, w.dir));
    const joined = words.flatMap((node, i) => (i ? [" · ", node] : [node]));
    const change = row.last_change;
    return el(
      "tr",
      { "data-metric-key": row.metric_key },
      el(
        "th",
        { scope: "row", class: "figure-name" },
        el("a", { href: figureUrl(row.metric_key) }, row.label),
        el("span", { class: "words" }, joined),
      ),
      el(
        "td",
        {},
        row.current ? row.current.figure : "",
        row.current ? el("span", { class: "muted" }, ` ${row.current.source}`) : null,
      ),
      el(
        "td",
        {},
        change ? [changeBadge(change), " ", kindBadge(change.kind), el("span", { class: "muted" }, ` ${day(change.published_at)}`)] : el("span", { class: "muted" }, "no change"),
      ),
      el("td", { class: "num" }, row.sources),
      el("td", { class: "num" }, row.reports),
    );
  }

  function render() {
    const terms = state.query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    let rows = state.rows.filter((row) => {
      const text = searchable(row);
      return terms.every((term) => text.includes(term));
    });
    if (state.sort) {
      const value = SORT_VALUES[state.sort];
      rows = rows
        .map((row, order) => ({ row, order, key: value(row) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order))
        .map((entry) => entry.row);
      if (state.descending) rows.reverse();
    }
    const body = document.querySelector("#figures-table tbody");
    body.replaceChildren(...rows.map(renderRow));
    const total = state.rows.length;
    document.getElementById("figure-count").textContent =
      rows.length === total ? `${total} figures tracked.` : `${rows.length} of ${total} figures match.`;
    for (const header of document.querySelectorAll("#figures-table th[data-sort]")) {
      const active = header.dataset.sort === state.sort;
      if (active) header.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      else header.removeAttribute("aria-sort");
    }
  }

  function setUp() {
    const search = document.getElementById("search");
    const params = new URLSearchParams(window.location.search);
    state.query = params.get("q") || "";
    search.value = state.query;
    search.addEventListener("input", () => {
      state.query = search.value;
      render();
    });
    document.getElementById("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      render();
    });
    for (const header of document.querySelectorAll("#figures-table th[data-sort]")) {
      header.querySelector("button").addEventListener("click", () => {
        const key = header.dataset.sort;
        // Numbers read best largest first; names alphabetically.
        state.descending = state.sort === key ? !state.descending : key !== "label";
        state.sort = key;
        render();
      });
    }
    getJSON("/api/figures")
      .then((index) => {
        state.rows = index.figures;
        render();
      })
      .catch((error) => {
        document.getElementById("figure-count").textContent = `Could not load figures: ${error.message}`;
      });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
