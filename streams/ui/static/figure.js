// The figure page: title and facts, the timeline plot, alerts on the figure, the reports table.
"use strict";

(() => {
  const { el, getJSON, storyUrl, wording, isolated, day, dateTime, changeBadge, kindBadge } = figwatch;

  function fact(term, ...details) {
    return [el("dt", {}, term), el("dd", {}, ...details)];
  }

  function evidenceCell(entry) {
    const parts = entry.evidence_parts;
    const obs = entry.observation;
    return el(
      "td",
      { class: "evidence-cell", "data-label": "Evidence" },
      el(
        "p",
        { class: "evidence", lang: obs.language, dir: entry.dir },
        parts.before,
        parts.figure ? el("mark", {}, parts.figure) : null,
        parts.after,
      ),
    );
  }

  function reportRow(entry, view) {
    const obs = entry.observation;
    // Only the server's http(s) link is followed; any other url stays data, never an href.
    const source = isolated(entry.link ? el("a", { href: entry.link, rel: "noopener noreferrer" }, obs.source) : obs.source);
    const withheld = obs.url && !entry.link ? el("span", { class: "muted withheld-link" }, " (link not shown: not http or https)") : null;
    const swatch = figwatchPlot.legendSwatch(obs.source, view.sources);
    return el(
      "tr",
      { "data-index": entry.index, class: entry.alerted ? "alerted" : null },
      el("td", { class: "nowrap", "data-label": "Published" }, dateTime(obs.published_at)),
      el("th", { scope: "row", "data-label": "Source" }, swatch, " ", source, withheld),
      el("td", { "data-label": "Figure" }, entry.figure, el("br"), wording(obs.surface, obs.language, entry.dir)),
      evidenceCell(entry),
      el("td", { "data-label": "Attribution" }, obs.attribution ? wording(obs.attribution, obs.language, entry.dir) : el("span", { class: "muted" }, "not stated")),
    );
  }

  function render(view) {
    const summary = view.summary;
    document.title = `${summary.name} · figwatch`;
    document.getElementById("figure-title").textContent = view.quantity || view.label;
    document.getElementById("figure-story").replaceChildren(
      ...(view.story_key
        ? ["Story: ", el("a", { href: storyUrl(view.story_key), title: "Every figure of this story" }, view.story || view.story_key)]
        : ["No story: no report names where this happened."]),
    );
    const words = summary.words.map((w) => wording(w.text, w.language, w.dir));
    document.getElementById("figure-words").replaceChildren(
      "In the articles: ",
      ...words.flatMap((node, i) => (i ? [" · ", node] : [node])),
    );
    const change = summary.last_change;
    document.getElementById("figure-facts").replaceChildren(
      ...fact("Current figure", view.current ? view.current.figure : "none"),
      ...fact("Last change", change ? [changeBadge(change), " ", kindBadge(change.kind), ` on ${day(change.published_at)}`] : "no change"),
      ...fact("Sources", String(view.sources.length)),
      ...fact("Reports", String(view.observations.length), view.evicted ? ` (${view.evicted} older dropped)` : ""),
      ...fact("Story key", view.story_key ? el("code", {}, view.story_key) : "none"),
      ...fact("Metric key", el("code", {}, view.metric_key)),
    );

    const alertedIndices = new Set(view.markers.map((m) => m.current_index));
    view.observations.forEach((entry, index) => {
      entry.index = index;
      entry.alerted = alertedIndices.has(index);
    });
    figwatchPlot.draw(document.getElementById("timeline"), view);

    document.getElementById("legend").replaceChildren(
      ...view.sources.map((source) => el("li", {}, figwatchPlot.legendSwatch(source, view.sources), " ", isolated(source))),
    );
    const changes = document.getElementById("changes");
    changes.replaceChildren(
      ...(view.markers.length
        ? view.markers.map((m) => el("li", { "data-alert-id": m.alert_id }, changeBadge(m), " ", kindBadge(m.kind), " ", m.summary))
        : [el("li", { class: "empty" }, "No alert on this figure.")]),
    );
    document.querySelector("#reports-table tbody").replaceChildren(...view.observations.map((entry) => reportRow(entry, view)));
  }

  function setUp() {
    const key = new URLSearchParams(window.location.search).get("key");
    const status = document.getElementById("figure-status");
    if (!key) {
      document.getElementById("figure-title").textContent = "No figure chosen";
      status.replaceChildren("Pick one from the ", el("a", { href: "/ui/" }, "list of tracked figures"), ".");
      return;
    }
    getJSON(`/api/figures/${encodeURIComponent(key)}`)
      .then((view) => {
        render(view);
        let width = window.innerWidth;
        window.addEventListener("resize", () => {
          if (window.innerWidth === width) return;
          width = window.innerWidth;
          figwatchPlot.draw(document.getElementById("timeline"), view);
        });
        status.textContent = "";
        document.body.dataset.loaded = "true";
      })
      .catch((error) => {
        document.getElementById("figure-title").textContent = error.status === 404 ? "Unknown figure" : "Could not load the figure";
        status.replaceChildren(`${key}: ${error.message}. `, el("a", { href: "/ui/" }, "Back to all figures"), ".");
      });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
