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
    title: 'Roll-ups with coverage and reconciliation',
    query: `# Every prefecture of Fujian: its own figure, the roll-up of its subtree (with who is missing),
# and its SUMMARY report against the roll-up, 2019–2024.
query FujianRollups {
  cells(
    jurisdictions: { childrenOf: "350000" }
    indicators: ["applications.new.total", "derived.disclosure_rate"]
    years: { from: 2019, to: 2024 }
    measure: ROLLUP
  ) {
    jurisdiction { code name }
    indicator { code labelZh unit }
    year value status reason
    coverage { expected reported complete missing { code name } }
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
    title: 'A national ranking by a derived ratio',
    query: `# Prefectures ranked by the share of applications fully or partly disclosed (ratio of sums).
query DisclosureRanking {
  ranking(indicator: "derived.disclosure_rate", year: 2022, among: { level: PREFECTURE }, measure: ROLLUP, first: 10) {
    rankedCount
    entries { rank percentile value cell { jurisdiction { code name } coverage { complete } } }
    unranked { status reason cell { jurisdiction { code name } } }
  }
}
`,
  },
  {
    title: 'A dashboard matrix',
    query: `# Provinces × indicators × years in flat arrays: value of (j, i, y) at (j × indicatorCount + i) × yearCount + y.
query ProvinceMatrix {
  matrix(
    jurisdictions: { level: PROVINCE }
    indicators: ["applications.new.total", "outcome.total.total", "review.total"]
    years: { from: 2019, to: 2024 }
    measure: ROLLUP
  ) {
    jurisdictions { code name }
    indicators { code unit }
    years
    values
    statuses
  }
}
`,
  },
];
