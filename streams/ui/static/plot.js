// The timeline plot: every report of a figure over publication time, drawn as SVG by hand.
"use strict";

const figwatchPlot = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const MARGIN = { top: 24, right: 24, bottom: 44, left: 76 };
  // Okabe-Ito colours stay distinct for colour-blind readers; shapes repeat the distinction.
  const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  const SHAPES = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond", "triangle"];
  const MIN_GAP = 12;

  function node(tag, attrs, ...children) {
    const element = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) element.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function sourceStyle(sources, source) {
    const index = Math.max(0, sources.indexOf(source));
    return { colour: COLOURS[index % COLOURS.length], shape: SHAPES[index % SHAPES.length] };
  }

  function marker(shape, x, y, colour, size) {
    const r = size || 6;
    const style = { fill: colour, stroke: "#fff", "stroke-width": 1.5, class: "mark" };
    if (shape === "square") return node("rect", { ...style, x: x - r, y: y - r, width: 2 * r, height: 2 * r });
    if (shape === "diamond") return node("polygon", { ...style, points: `${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}` });
    if (shape === "triangle") return node("polygon", { ...style, points: `${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}` });
    return node("circle", { ...style, cx: x, cy: y, r });
  }

  // Round tick steps to 1, 2 or 5 times a power of ten.
  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const power = 10 ** Math.floor(Math.log10(raw));
    const scaled = raw / power;
    return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
  }

  function formatNumber(value) {
    return value.toLocaleString("en", { maximumFractionDigits: 2 });
  }

  function arrowHead(x, y, pointingUp, colour) {
    const d = pointingUp ? `M${x - 6},${y + 8} L${x},${y} L${x + 6},${y + 8}` : `M${x - 6},${y - 8} L${x},${y} L${x + 6},${y - 8}`;
    return node("path", { d, fill: "none", stroke: colour, "stroke-width": 2 });
  }

  // The glyph of one report: how it was stated decides the bar, arrow, span or whisker.
  function glyph(obs, x, scaleY, bounds, tolerance, style) {
    const group = [];
    const colour = style.colour;
    const low = scaleY(obs.value_low);
    const high = scaleY(obs.value_high);
    const line = (y1, y2, extra) => node("line", { x1: x, x2: x, y1, y2, stroke: colour, "stroke-width": 3, ...extra });
    if (obs.qualifier === "at_least") {
      group.push(line(low, bounds.top + 2), arrowHead(x, bounds.top, true, colour));
    } else if (obs.qualifier === "at_most") {
      group.push(line(low, bounds.bottom - 2), arrowHead(x, bounds.bottom, false, colour));
    } else if (obs.qualifier === "approximately") {
      const up = scaleY(obs.value_low * (1 + tolerance));
      const down = scaleY(obs.value_low * (1 - tolerance));
      group.push(
        node("line", { x1: x, x2: x, y1: up, y2: down, stroke: colour, "stroke-width": 1.5, class: "whisker" }),
        node("line", { x1: x - 5, x2: x + 5, y1: up, y2: up, stroke: colour, "stroke-width": 1.5 }),
        node("line", { x1: x - 5, x2: x + 5, y1: down, y2: down, stroke: colour, "stroke-width": 1.5 }),
      );
    } else if (obs.qualifier === "range" || obs.qualifier === "vague") {
      group.push(
        node("rect", {
          x: x - 5, y: high, width: 10, height: Math.max(2, low - high),
          fill: colour, "fill-opacity": 0.25, stroke: colour, "stroke-width": 1.5,
          "stroke-dasharray": obs.qualifier === "vague" ? "4 3" : null, class: "span",
        }),
      );
    }
    const centre = obs.qualifier === "range" || obs.qualifier === "vague" ? (low + high) / 2 : low;
    group.push(marker(style.shape, x, centre, colour));
    return { parts: group, y: centre };
  }

  function draw(svg, view) {
    svg.replaceChildren();
    // Draw at the width the page gives the plot, so labels keep their size on a phone.
    const WIDTH = Math.max(320, Math.round(svg.getBoundingClientRect().width || 800));
    const HEIGHT = WIDTH < 600 ? 300 : 360;
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    const reports = view.observations.map((entry, index) => ({ ...entry, index, obs: entry.observation }));
    const times = reports.map((r) => Date.parse(r.obs.published_at));
    let start = Math.min(...times);
    let end = Math.max(...times);
    if (start === end) {
      start -= 86400000;
      end += 86400000;
    }
    const pad = (end - start) * 0.06;
    start -= pad;
    end += pad;
    const tolerance = view.tolerance || 0;
    const top = Math.max(...reports.map((r) => r.obs.value_high * (r.obs.qualifier === "approximately" ? 1 + tolerance : 1)));
    const step = niceStep(top * 1.1 || 1, 5);
    const maxY = Math.ceil((top * 1.1 || 1) / step) * step;
    const bounds = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
    const scaleX = (t) => bounds.left + ((t - start) / (end - start)) * (bounds.right - bounds.left);
    const scaleY = (v) => bounds.bottom - (Math.max(0, v) / maxY) * (bounds.bottom - bounds.top);

    svg.append(node("title", { id: "timeline-title" }, `Timeline of ${view.summary.name}`));
    const axes = node("g", { class: "axes", "aria-hidden": "true" });
    for (let v = 0; v <= maxY + step / 2; v += step) {
      const y = scaleY(v);
      axes.append(
        node("line", { x1: bounds.left, x2: bounds.right, y1: y, y2: y, class: "grid" }),
        node("text", { x: bounds.left - 8, y: y + 4, "text-anchor": "end", class: "tick" }, formatNumber(v)),
      );
    }
    const ticks = WIDTH < 480 ? 2 : WIDTH < 700 ? 3 : 5;
    for (let i = 0; i <= ticks; i += 1) {
      const t = start + ((end - start) * i) / ticks;
      const x = scaleX(t);
      axes.append(
        node("line", { x1: x, x2: x, y1: bounds.bottom, y2: bounds.bottom + 5, class: "axis" }),
        node("text", { x, y: bounds.bottom + 20, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle", class: "tick" }, new Date(t).toISOString().slice(0, 10)),
      );
    }
    axes.append(
      node("line", { x1: bounds.left, x2: bounds.right, y1: bounds.bottom, y2: bounds.bottom, class: "axis" }),
      node("line", { x1: bounds.left, x2: bounds.left, y1: bounds.top, y2: bounds.bottom, class: "axis" }),
      node("text", { x: (bounds.left + bounds.right) / 2, y: HEIGHT - 6, "text-anchor": "middle", class: "axis-label" }, "publication time"),
    );
    svg.append(axes);

    // Reports published close together would hide each other: nudge them apart sideways.
    const placed = reports.map((r, i) => ({ ...r, x: scaleX(times[i]) })).sort((a, b) => a.x - b.x || a.index - b.index);
    for (let i = 1; i < placed.length; i += 1) {
      if (placed[i].x - placed[i - 1].x < MIN_GAP) placed[i].x = placed[i - 1].x + MIN_GAP;
    }
    const byIndex = new Map();
    const marks = node("g", { class: "reports" });
    for (const report of placed) {
      const style = sourceStyle(view.sources, report.obs.source);
      const drawn = glyph(report.obs, report.x, scaleY, bounds, tolerance, style);
      byIndex.set(report.index, { x: report.x, y: drawn.y });
      marks.append(
        node(
          "g",
          { class: "report", "data-index": report.index, "data-source": report.obs.source, "data-qualifier": report.obs.qualifier },
          // FSI ... PDI: the source's own direction stays inside it.
          node("title", {}, `\u2068${report.obs.source}\u2069: ${report.figure}`),
          ...drawn.parts,
        ),
      );
    }
    const path = placed.map((r, i) => `${i ? "L" : "M"}${r.x},${byIndex.get(r.index).y}`).join(" ");
    svg.append(node("path", { d: path, class: "figure-line", fill: "none" }));
    svg.append(marks);

    const flags = node("g", { class: "alerts" });
    for (const alert of view.markers) {
      const from = byIndex.get(alert.previous_index);
      const to = byIndex.get(alert.current_index);
      if (!from || !to) continue;
      const label = `${alert.change}`;
      flags.append(
        node(
          "g",
          { class: `alert-marker direction-${alert.direction}`, "data-alert-id": alert.alert_id, "data-current-index": alert.current_index },
          node("title", {}, `Alert: ${alert.summary}`),
          node("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "alert-segment" }),
          node("circle", { cx: to.x, cy: to.y, r: 11, class: "alert-ring" }),
          node("text", { x: to.x - 14, y: to.y - 14, "text-anchor": "end", class: "alert-label" }, `⚑ ${label}`),
        ),
      );
    }
    svg.append(flags);

    const first = view.observations[0].observation.published_at.slice(0, 10);
    const last = view.observations[view.observations.length - 1].observation.published_at.slice(0, 10);
    const alerts = view.markers.length;
    svg.setAttribute(
      "aria-label",
      `Timeline of ${view.summary.name}: ${reports.length} reports from ${view.sources.length} sources, ${first} to ${last}, ` +
        `${alerts} alert${alerts === 1 ? "" : "s"}. The reports table below gives every value.`,
    );
  }

  function legendSwatch(source, sources) {
    const style = sourceStyle(sources, source);
    const svg = node("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true", focusable: "false" });
    svg.append(marker(style.shape, 8, 8, style.colour, 5));
    return svg;
  }

  return { draw, legendSwatch };
})();
