/**
 * The national table layouts (国办公开办函〔2019〕60号 and 〔2021〕30号) as label → code tables.
 * Codes follow src/indicators/indicators.csv. Keys are label texts after `labelKey` (no punctuation,
 * no bracketed ordinals); sub-row keys keep their leading digit because it disambiguates short labels.
 */

export type LayoutVersion = '2019' | '2021';

export interface ColumnSpec {
  code: string;
  label: string;
}

export interface Table2RowSpec {
  /** Indicator prefix, e.g. `proactive.regulations`. */
  prefix: string;
  label: string;
  keys: string[];
  columns: ColumnSpec[];
}

const COLUMNS_2019_DOCS: ColumnSpec[] = [
  { code: 'new_made', label: '本年新制作数量' },
  { code: 'new_published', label: '本年新公开数量' },
  { code: 'total_published', label: '对外公开总数量' },
];
const COLUMNS_2019_ITEMS: ColumnSpec[] = [
  { code: 'prev_year_items', label: '上一年项目数量' },
  { code: 'items_change', label: '本年增/减' },
  { code: 'decisions', label: '处理决定数量' },
];
const COLUMNS_2021_DOCS: ColumnSpec[] = [
  { code: 'issued', label: '本年制发件数' },
  { code: 'repealed', label: '本年废止件数' },
  { code: 'in_force', label: '现行有效件数' },
];
const COLUMN_2021_DECISIONS: ColumnSpec[] = [{ code: 'decisions', label: '本年处理决定数量' }];

/** Provincial extra rows (湖北 `其他主动公开文件`); coded `proactive.local_ext.<name>.*`. */
const LOCAL_EXTENSIONS = [{ name: 'other_proactive_docs', label: '其他主动公开文件', keys: ['其他主动公开文件'] }];

export const TABLE2_LAYOUT: Record<LayoutVersion, Table2RowSpec[]> = {
  '2019': [
    { prefix: 'proactive.regulations', label: '规章', keys: ['规章'], columns: COLUMNS_2019_DOCS },
    { prefix: 'proactive.normative_docs', label: '规范性文件', keys: ['规范性文件'], columns: COLUMNS_2019_DOCS },
    ...LOCAL_EXTENSIONS.map((e) => ({ prefix: `proactive.local_ext.${e.name}`, label: e.label, keys: e.keys, columns: COLUMNS_2019_DOCS })),
    { prefix: 'proactive.licensing', label: '行政许可', keys: ['行政许可'], columns: COLUMNS_2019_ITEMS },
    { prefix: 'proactive.other_mgmt_services', label: '其他对外管理服务事项', keys: ['其他对外管理服务事项'], columns: COLUMNS_2019_ITEMS },
    { prefix: 'proactive.penalty', label: '行政处罚', keys: ['行政处罚'], columns: COLUMNS_2019_ITEMS },
    { prefix: 'proactive.coercion', label: '行政强制', keys: ['行政强制'], columns: COLUMNS_2019_ITEMS },
    {
      prefix: 'proactive.admin_fees',
      label: '行政事业性收费',
      keys: ['行政事业性收费'],
      columns: COLUMNS_2019_ITEMS.slice(0, 2),
    },
    {
      prefix: 'proactive.central_procurement',
      label: '政府集中采购',
      keys: ['政府集中采购'],
      columns: [
        { code: 'projects', label: '采购项目数量' },
        { code: 'amount', label: '采购总金额' },
      ],
    },
  ],
  '2021': [
    { prefix: 'proactive.regulations', label: '规章', keys: ['规章'], columns: COLUMNS_2021_DOCS },
    { prefix: 'proactive.normative_docs', label: '行政规范性文件', keys: ['规范性文件'], columns: COLUMNS_2021_DOCS },
    ...LOCAL_EXTENSIONS.map((e) => ({ prefix: `proactive.local_ext.${e.name}`, label: e.label, keys: e.keys, columns: COLUMNS_2021_DOCS })),
    { prefix: 'proactive.licensing', label: '行政许可', keys: ['行政许可'], columns: COLUMN_2021_DECISIONS },
    { prefix: 'proactive.penalty', label: '行政处罚', keys: ['行政处罚'], columns: COLUMN_2021_DECISIONS },
    { prefix: 'proactive.coercion', label: '行政强制', keys: ['行政强制'], columns: COLUMN_2021_DECISIONS },
    {
      prefix: 'proactive.admin_fees',
      label: '行政事业性收费',
      keys: ['行政事业性收费'],
      columns: [{ code: 'amount_wan_yuan', label: '本年收费金额（单位：万元）' }],
    },
  ],
};

export function isLocalExtension(prefix: string): boolean {
  return prefix.startsWith('proactive.local_ext.');
}

export const TABLE3_COLUMNS: ColumnSpec[] = [
  { code: 'natural_person', label: '自然人' },
  { code: 'commercial', label: '商业企业' },
  { code: 'research', label: '科研机构' },
  { code: 'public_interest', label: '社会公益组织' },
  { code: 'legal_services', label: '法律服务机构' },
  { code: 'other', label: '其他' },
  { code: 'total', label: '总计' },
];

export type Table3Role = 'new' | 'carried_over' | 'outcome' | 'total' | 'carried_forward';

export interface Table3RowSpec {
  /** Row code; a cell code is `<code>.<column code>`. */
  code: string;
  label: string;
  keys: string[];
  role: Table3Role;
}

const T3_HEAD: Table3RowSpec[] = [
  { code: 'applications.new', label: '一、本年新收政府信息公开申请数量', keys: ['本年新收政府信息公开申请数量'], role: 'new' },
  {
    code: 'applications.carried_over',
    label: '二、上年结转政府信息公开申请数量',
    keys: ['上年结转政府信息公开申请数量'],
    role: 'carried_over',
  },
  { code: 'outcome.disclosed', label: '（一）予以公开', keys: ['予以公开'], role: 'outcome' },
  { code: 'outcome.partially_disclosed', label: '（二）部分公开', keys: ['部分公开'], role: 'outcome' },
  ...(
    [
      ['state_secret', '1.属于国家秘密'],
      ['law_prohibited', '2.其他法律行政法规禁止公开'],
      ['three_securities_one_stability', '3.危及“三安全一稳定”'],
      ['third_party_rights', '4.保护第三方合法权益'],
      ['internal_affairs', '5.属于三类内部事务信息'],
      ['process_info', '6.属于四类过程性信息'],
      ['enforcement_file', '7.属于行政执法案卷'],
      ['admin_query', '8.属于行政查询事项'],
    ] as const
  ).map(([c, l]) => ({ code: `outcome.withheld.${c}`, label: l, keys: [l.replace(/[.“”]/g, '')], role: 'outcome' as const })),
  ...(
    [
      ['not_held', '1.本机关不掌握相关政府信息'],
      ['needs_creation', '2.没有现成信息需要另行制作'],
      ['unclear_after_correction', '3.补正后申请内容仍不明确'],
    ] as const
  ).map(([c, l]) => ({ code: `outcome.unable.${c}`, label: l, keys: [l.replace(/\./g, '')], role: 'outcome' as const })),
  ...(
    [
      ['petition_complaint', '1.信访举报投诉类申请'],
      ['duplicate', '2.重复申请'],
      ['publication', '3.要求提供公开出版物'],
      ['excessive', '4.无正当理由大量反复申请'],
      ['confirm_reissue', '5.要求行政机关确认或重新出具已获取信息'],
    ] as const
  ).map(([c, l]) => ({ code: `outcome.not_processed.${c}`, label: l, keys: [l.replace(/\./g, '')], role: 'outcome' as const })),
];

const T3_TAIL: Table3RowSpec[] = [
  { code: 'outcome.total', label: '（七）总计', keys: ['总计'], role: 'total' },
  { code: 'applications.carried_forward', label: '四、结转下年度继续办理', keys: ['结转下年度继续办理'], role: 'carried_forward' },
];

const T3_OTHER_SINGLE: Table3RowSpec = { code: 'outcome.other.subtotal', label: '（六）其他处理', keys: ['其他处理'], role: 'outcome' };
const T3_OTHER_SPLIT: Table3RowSpec[] = [
  {
    code: 'outcome.other.no_correction',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    keys: ['1申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请'],
    role: 'outcome',
  },
  {
    code: 'outcome.other.fee_unpaid',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    keys: ['2申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请'],
    role: 'outcome',
  },
  { code: 'outcome.other.other', label: '3.其他', keys: ['3其他'], role: 'outcome' },
];

/** `single`: one （六）其他处理 row (2019 format, and some 2021 reports); `split`: its three 2021 sub-rows. */
export type OtherRowsVariant = 'single' | 'split';

export function table3Layout(variant: OtherRowsVariant): Table3RowSpec[] {
  return [...T3_HEAD, ...(variant === 'single' ? [T3_OTHER_SINGLE] : T3_OTHER_SPLIT), ...T3_TAIL];
}

export const TABLE4_GROUPS = [
  { prefix: 'review', label: '行政复议' },
  { prefix: 'litigation.direct', label: '行政诉讼/未经复议直接起诉' },
  { prefix: 'litigation.after_review', label: '行政诉讼/复议后起诉' },
] as const;

export const TABLE4_PARTS: ColumnSpec[] = [
  { code: 'upheld', label: '结果维持' },
  { code: 'corrected', label: '结果纠正' },
  { code: 'other', label: '其他结果' },
  { code: 'pending', label: '尚未审结' },
  { code: 'total', label: '总计' },
];

/** The 15 table-4 codes in printed order (5 per group: 维持, 纠正, 其他, 尚未审结, 总计). */
export const TABLE4_CODES: string[] = TABLE4_GROUPS.flatMap((g) => TABLE4_PARTS.map((p) => `${g.prefix}.${p.code}`));

export function table2Codes(version: LayoutVersion, includeLocal = false): string[] {
  return TABLE2_LAYOUT[version]
    .filter((r) => includeLocal || !r.prefix.startsWith('proactive.local_ext.'))
    .flatMap((r) => r.columns.map((c) => `${r.prefix}.${c.code}`));
}

export function table3Codes(variant: OtherRowsVariant): string[] {
  return table3Layout(variant).flatMap((r) => TABLE3_COLUMNS.map((c) => `${r.code}.${c.code}`));
}
