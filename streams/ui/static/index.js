// The index page: tracked figures grouped by story, with search, a story filter and sorting.
"use strict";

(() => {
  const { el, getJSON, figureUrl, storyUrl, wording, isolated, day, changeBadge, kindBadge } = figwatch;

  const SORT_VALUES = {
    label: (row) => (row.quantity || row.label).toLocaleLowerCase("en"),
    current: (row) => (row.current ? row.current.number : -Infinity),
    change: (row) => (row.last_change ? row.last_change.published_at : ""),
    sources: (row) => row.sources,
    reports: (row) => row.reports,
  };
  const COLUMNS = 5;

  const state = { stories: [], query: "", story: null, sort: null, descending: false };

  function searchable(row, story) {
    const words = row.words.map((w) => w.text).join(" ");
    return `${row.name} ${row.label} ${row.metric_key} ${story.story_key || ""} ${words}`.toLocaleLowerCase();
  }

  function storyName(story) {
    return story.story || story.story_key || "Figures with no story";
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
        el("a", { href: figureUrl(row.metric_key), title: row.name }, row.quantity || row.label),
        el("span", { class: "words" }, joined),
      ),
      el(
        "td",
        {},
        row.current ? row.current.figure : "",
        row.current ? el("span", { class: "muted" }, " ", isolated(row.current.source)) : null,
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

  // One <tbody> per story: its name heads the rows of its figures.
  function renderStory(story, rows, number) {
    const id = `story-${number}`;
    const name = storyName(story);
    const heading = story.story_key
      ? el("a", { href: storyUrl(story.story_key), title: `Only the figures of ${name}` }, name)
      : name;
    const count = `${rows.length} figure${rows.length === 1 ? "" : "s"}`;
    return el(
      "tbody",
      { class: "story", "data-story-key": story.story_key, "aria-labelledby": id },
      el(
        "tr",
        { class: "story-heading" },
        el("th", { scope: "colgroup", colspan: COLUMNS, id }, heading, el("span", { class: "muted" }, ` · ${count}`)),
      ),
      rows.map(renderRow),
    );
  }

  function sorted(rows) {
    if (!state.sort) return rows;
    const value = SORT_VALUES[state.sort];
    const ordered = rows
      .map((row, order) => ({ row, order, key: value(row) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order))
      .map((entry) => entry.row);
    return state.descending ? ordered.reverse() : ordered;
  }

  function render() {
    const terms = state.query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const table = document.getElementById("figures-table");
    for (const body of table.querySelectorAll("tbody")) body.remove();
    let total = 0;
    let shown = 0;
    let stories = 0;
    state.stories.forEach((story, number) => {
      total += story.figures.length;
      if (state.story !== null && story.story_key !== state.story) return;
      const rows = story.figures.filter((row) => {
        const text = searchable(row, story);
        return terms.every((term) => text.includes(term));
      });
      if (!rows.length) return;
      shown += rows.length;
      stories += 1;
      table.append(renderStory(story, sorted(rows), number));
    });
    const storyWords = `${stories} stor${stories === 1 ? "y" : "ies"}`;
    document.getElementById("figure-count").textContent =
      shown === total ? `${total} figures tracked in ${storyWords}.` : `${shown} of ${total} figures match, in ${storyWords}.`;
    document.getElementById("story-filter").hidden = state.story === null;
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
    state.story = params.get("story");
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
        state.stories = index.stories;
        render();
      })
      .catch((error) => {
        document.getElementById("figure-count").textContent = `Could not load figures: ${error.message}`;
      });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
