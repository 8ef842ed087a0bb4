// How the page writes numbers people read: probabilities and scores to 3 significant digits
// (0.000261, 0.932, 2.61e-10), the same rule as the CLI's table (js/cli.js sig3; the page test
// compares the two), never a misleading 0 and never 16 digits. Files the page writes keep full
// precision (the package's annotateCsv; csv-download.js formatNumber).

/** 3 significant digits; '–' for a missing value. */
export const sig3 = (x) => (!Number.isFinite(x) ? '–' : x === 0 ? '0' : String(Number(x.toPrecision(3))));
