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
        id organ year formatVersion scope sourceUrl
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
];
