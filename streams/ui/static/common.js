// figwatch page helpers shared by the index and figure pages: DOM building, fetching, alert feed.
"use strict";

const figwatch = (() => {
  const POLL_MS = 5000;
  const FEED_MAX = 50;

  // An href the page may set: its own paths, or an absolute http(s) URL. The server already
  // gives only such links; this keeps a javascript: or data: URL out of the page even so.
  function safeHref(value) {
    const text = String(value);
    if (/^\/(?![\/\\])/.test(text)) return text;
    try {
      return ["http:", "https:"].includes(new URL(text).protocol) ? text : null;
    } catch {
      return null;
    }
  }

  // Build an element; every piece of data goes in as text, never as markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "href") {
        const href = safeHref(value);
        if (href !== null) node.setAttribute(name, href);
      } else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = new Error(`${url}: HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function figureUrl(metricKey) {
    return `/ui/figure?key=${encodeURIComponent(metricKey)}`;
  }

  // The index with only one story's figures.
  function storyUrl(storyKey) {
    return `/ui/?story=${encodeURIComponent(storyKey)}`;
  }

  // Text in its own language and direction, so Arabic reads right to left inside English.
  function wording(text, language, dir) {
    return el("span", { lang: language, dir: dir || "auto", class: "wording" }, text);
  }

  // Article text isolated from what surrounds it: a bidi override inside it (U+202E)
  // reorders nothing outside it.
  function isolated(...children) {
    return el("bdi", {}, ...children);
  }

  function day(iso) {
    return iso ? iso.slice(0, 10) : "";
  }

  function dateTime(iso) {
    return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "";
  }

  const ARROWS = { up: "↑", down: "↓", mixed: "↕" };
  const KIND_WORDS = { figure_changed: "changed", figure_conflict: "sources disagree" };

  function changeBadge(change) {
    const arrow = ARROWS[change.direction] || "";
    return el(
      "span",
      { class: `change change-${change.direction}` },
      el("span", { "aria-hidden": "true" }, arrow, " "),
      el("span", { class: "visually-hidden" }, `${change.direction}, `),
      change.change,
    );
  }

  function kindBadge(kind) {
    if (!kind) return null;
    return el("span", { class: `kind kind-${kind}` }, KIND_WORDS[kind] || kind);
  }

  function alertEntry(alert) {
    const arrow = el("span", { "aria-hidden": "true" }, `${ARROWS[alert.direction] || ""} `);
    return el(
      "li",
      { class: `alert severity-${alert.severity}`, "data-alert-id": alert.alert_id },
      el("a", { href: figureUrl(alert.metric_key) }, alert.name),
      " ",
      kindBadge(alert.kind),
      el("p", { class: "alert-summary" }, arrow, alert.summary),
      el("p", { class: "alert-time" }, "reported ", day(alert.published_at)),
    );
  }

  // Poll /api/alerts with the last number seen; new alerts go on top of the list.
  function startAlertFeed(list) {
    if (!list) return;
    let since = 0;
    const empty = el("li", { class: "empty" }, "No alerts yet.");
    list.append(empty);
    async function poll() {
      try {
        const feed = await getJSON(`/api/alerts?since=${since}`);
        if (feed.latest < since) list.replaceChildren();
        since = feed.latest;
        const fresh = feed.alerts.map(alertEntry);
        if (fresh.length) {
          empty.remove();
          list.prepend(...fresh);
          while (list.children.length > FEED_MAX) list.lastElementChild.remove();
        }
      } catch (error) {
        list.setAttribute("data-error", String(error.message));
      }
      window.setTimeout(poll, POLL_MS);
    }
    poll();
  }

  return { el, getJSON, figureUrl, storyUrl, wording, isolated, day, dateTime, changeBadge, kindBadge, startAlertFeed };
})();

document.addEventListener("DOMContentLoaded", () => {
  figwatch.startAlertFeed(document.getElementById("alert-feed"));
});
