/** Ready-made queries offered as tabs in the IDE (and quoted in the README). */
export interface ExampleQuery {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    title: "Shenzhen's districts",
    query: `# 深圳市 and the districts under it
query ShenzhenDistricts {
  jurisdiction(code: "440300") {
    code
    name
    level
    ancestors { code name }
    children { code name level }
  }
}
`,
  },
  {
    title: 'A report with its consistency checks',
    query: `# Reports of 洪泽区 (淮安市), with the format's accounting identities checked.
# Its table 4 prints 复议 总计 0 beside non-zero parts, so I4 fails: the source's own error.
query ReportConsistency {
  reports(jurisdiction: "320813", first: 5) {
    totalCount
    edges {
      node {
        id organ year formatVersion scope scopeEvidence sourceUrl
        consistency { identity scope status lhs rhs }
        observations(indicators: ["applications.new.total", "outcome.total.total", "review.total"]) {
          indicator { code labelZh unit }
          value
          status
        }
      }
    }
  }
}
`,
  },
  {
    title: 'What data exists',
    query: `# Every report year: current reports by kind and format version, jurisdictions with data by level,
# and per province; and which reports 平潭 and the places above it have, year by year.
query Inventory {
  years { year reports byKind { scope organKind reports } byFormat { formatVersion reports } byLevel { level jurisdictions } provinces { province { code name } reports summaries governmentOwn } }
  pingtan: jurisdiction(code: "350128") { name availability { year governmentOwn departmentOwn summary below } }
  fujian: jurisdiction(code: "350000") { name availability(years: { from: 2019, to: 2024 }) { year governmentOwn departmentOwn summary below } }
}
`,
  },
  {
    title: 'The indicator catalog',
    query: `# Every indicator of the national format, with units and aggregation rules
query IndicatorCatalog {
  indicators {
    code
    labelZh
    labelEn
    unit
    table
    kind
    spaceAggregation
    timeAggregation
    formatVersions
    formula
  }
}
`,
  },
  {
    title: 'Best-available totals with coverage, composition and quality',
    query: `# 福建, 福州 and 平潭, 2019–2024: each one's SUMMARY report where it published one, otherwise its
# organs' OWN reports plus its children's best totals. \`composition\` says which; \`coverage\` who is
# missing and by what kind of report each jurisdiction is covered; \`quality\` which reports behind the
# value fail an identity on it or declare a part of it missing.
query FujianBest {
  cells(
    jurisdictions: { codes: ["350000", "350100", "350128"] }
    indicators: ["applications.new.total", "derived.disclosure_rate"]
    years: { from: 2019, to: 2024 }
    measure: BEST
  ) {
    jurisdiction { code name }
    indicator { code labelZh unit }
    year value status reason
    composition { description fromSummaries { code name } fromOwnReports { code name } }
    coverage { expected reported complete reason organsMissing byKind { governmentOwn summary departmentsOnly none } }
    quality { reports reportsWithFailures failedChecks { identity scope lhs rhs report { organ } } missingParts { part reason report { organ } } }
    reconciliation { reported rollup difference }
    yoy { absolute percent reason }
    sources { organ year sourceUrl }
  }
}
`,
  },
  {
    title: "平潭's organs",
    query: `# Which of 平潭综合实验区's organs (350128) received most applications in 2023? Each organ answers
# from its own reports; one that reported the years around 2023 but not 2023 is listed as unranked.
# A renamed organ is one organ: \`names\` gives the name each year's report prints.
query PingtanOrgans {
  ranking(indicator: "applications.new.total", year: 2023, among: { organsOf: "350128" }, first: 5) {
    rankedCount
    entries { rank value cell { organ { name kind } sources { organ sourceUrl } } }
    unranked { status reason cell { organ { name } } }
  }
  jurisdiction(code: "350128") {
    organs(years: { from: 2023, to: 2024 }) {
      name kind
      names { year name }
      series(indicators: ["applications.new.total"], years: { from: 2022, to: 2024 }) { cells { year value status } }
    }
  }
}
`,
  },
  {
    title: 'A ranking by a derived ratio, with coverage',
    query: `# Counties ranked by the share of applications fully or partly disclosed in 2023 (a ratio of the
# combined parts, never a mean of ratios), each by its best-available total; \`exclude\` could leave out
# reports failing an identity on the ratio's parts, \`minCoverage\` rank only what is covered enough.
query DisclosureRanking {
  ranking(indicator: "derived.disclosure_rate", year: 2023, among: { level: COUNTY }, measure: BEST, first: 10) {
    rankedCount
    entries { rank percentile value cell { jurisdiction { code name } composition { description } coverage { complete reason } quality { reportsWithFailures } } }
  }
}
`,
  },
  {
    title: 'A dashboard matrix',
    query: `# Provinces × indicators × years in flat arrays: value of (j, i, y) at (j × indicatorCount + i) × yearCount + y.
# Reasons, coverage and quality come as arrays in the same order, computed only when asked for.
# The provinces with bundled reports (福建: 平潭; 江苏: 洪泽区 2023; 上海: its government's office 2019);
# \`{ level: PROVINCE }\` gives all 34.
query ProvinceMatrix {
  matrix(
    jurisdictions: { codes: ["350000", "320000", "310000"] }
    indicators: ["applications.new.total", "outcome.total.total", "review.total"]
    years: { from: 2019, to: 2024 }
    measure: BEST
  ) {
    jurisdictions { code name }
    indicators { code unit }
    years
    values
    statuses
    reasons
    coverage { expected reported complete }
    quality { reports reportsWithFailures missingParts }
  }
}
`,
  },
];
