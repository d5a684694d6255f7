// Fixed parameters of the benchmark query mix (shared by Node and the browser page).
export const BENCH_SEED = 5;
export const QUERIES_PER_CLASS = 50;
// Engines measured by bench/run: recapdex, the anchors' defaults, and their best Chinese
// configuration (chosen by bench/relevance.mjs: a custom bigram `encode` beats FlexSearch's
// Charset.CJK preset, so "FlexSearch-CJK" in the targets is flexsearch-bigram; the preset is
// measured too, for reference).
export const BENCH_ENGINES = ["recapdex", "minisearch-default", "minisearch-cjk", "flexsearch-default", "flexsearch-bigram", "flexsearch-cjk"];
export const ANCHOR = { minisearchDefault: "minisearch-default", flexsearchCjk: "flexsearch-bigram" };
