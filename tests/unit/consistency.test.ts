import { checkConsistency, type ConsistencyCheck } from '../../src/reports/consistency';

const statusOf = (checks: ConsistencyCheck[], identity: string, scope: string) =>
  checks.find((c) => c.identity === identity && c.scope === scope);

describe('checkConsistency', () => {
  it.each([
    {
      name: 'I4 holds',
      values: { 'review.upheld': 2, 'review.corrected': 1, 'review.other': 0, 'review.pending': 1, 'review.total': 4 },
      identity: 'I4',
      scope: 'review',
      status: 'PASS',
      lhs: 4,
      rhs: 4,
    },
    {
      name: 'I4 printed total 0 beside parts',
      values: { 'review.upheld': 10, 'review.corrected': 1, 'review.other': 0, 'review.pending': 0, 'review.total': 0 },
      identity: 'I4',
      scope: 'review',
      status: 'FAIL',
      lhs: 0,
      rhs: 11,
    },
    {
      name: 'blank parts count as 0 beside printed ones',
      values: { 'review.upheld': 3, 'review.corrected': null, 'review.other': null, 'review.pending': null, 'review.total': 3 },
      identity: 'I4',
      scope: 'review',
      status: 'PASS',
      lhs: 3,
      rhs: 3,
    },
    {
      name: 'an all-blank side cannot be checked',
      values: { 'review.upheld': 3, 'review.corrected': 0, 'review.other': 0, 'review.pending': 0, 'review.total': null },
      identity: 'I4',
      scope: 'review',
      status: 'NOT_CHECKABLE',
      lhs: null,
      rhs: 3,
    },
    {
      name: 'I1 column balance',
      values: {
        'applications.new.total': 21,
        'applications.carried_over.total': 2,
        'outcome.total.total': 20,
        'applications.carried_forward.total': 3,
      },
      identity: 'I1',
      scope: 'total',
      status: 'PASS',
      lhs: 23,
      rhs: 23,
    },
    {
      name: 'I1 broken',
      values: {
        'applications.new.total': 21,
        'applications.carried_over.total': 2,
        'outcome.total.total': 20,
        'applications.carried_forward.total': 0,
      },
      identity: 'I1',
      scope: 'total',
      status: 'FAIL',
      lhs: 23,
      rhs: 20,
    },
    {
      name: 'I2 row total',
      values: {
        'applications.new.natural_person': 5,
        'applications.new.commercial': 2,
        'applications.new.research': 0,
        'applications.new.public_interest': 0,
        'applications.new.legal_services': 1,
        'applications.new.other': 0,
        'applications.new.total': 8,
      },
      identity: 'I2',
      scope: 'applications.new',
      status: 'PASS',
      lhs: 8,
      rhs: 8,
    },
  ])('$name', ({ values, identity, scope, status, lhs, rhs }) => {
    const check = statusOf(checkConsistency(new Map(Object.entries(values))), identity, scope);
    expect(check).toMatchObject({ status, lhs, rhs });
  });

  it('uses the three (六) rows when the report splits them, the single row otherwise', () => {
    const base = { 'outcome.disclosed.total': 5, 'outcome.total.total': 9 };
    const split = checkConsistency(
      new Map(
        Object.entries({
          ...base,
          'outcome.other.no_correction.total': 1,
          'outcome.other.fee_unpaid.total': 1,
          'outcome.other.other.total': 2,
        }),
      ),
    );
    expect(statusOf(split, 'I3', 'total')).toMatchObject({ status: 'PASS', rhs: 9 });
    const single = checkConsistency(new Map(Object.entries({ ...base, 'outcome.other.subtotal.total': 4 })));
    expect(statusOf(single, 'I3', 'total')).toMatchObject({ status: 'PASS', rhs: 9 });
  });

  it('checks nothing of a table the report does not have', () => {
    const checks = checkConsistency(new Map(Object.entries({ 'fees.info_processing.notices': 11 })));
    expect(checks).toEqual([]);
  });
});
