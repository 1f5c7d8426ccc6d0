import { Field, ID, Int, ObjectType } from 'type-graphql';
import { rollupCosts } from '../rollups/rollup.costs';
import { OrganKindEnum } from '../reports/report.type';

@ObjectType('Organ', {
  simpleResolvers: true,
  description:
    'One reporting body of a jurisdiction (its government, a department, a 片区管理局 …) across the years. Reports that print different names for it (a rename in a reform, layout variants, the alias table src/organs/organ-aliases.csv) belong to the one organ.',
})
export class OrganType {
  @Field(() => ID, { description: 'Identifier of the organ.' })
  id: number;

  /** Resolved by the `jurisdiction` field. */
  jurisdictionCode: string;

  @Field({
    description:
      "The registry's name: the name printed by its first report, normalised (full-width characters, spaces, 管理委员会 → 管委会, province and prefecture in front removed); a renamed organ keeps it. `names` gives the name printed each year.",
  })
  name: string;

  @Field(() => OrganKindEnum, { description: 'Government or department: the kind the importer gave its latest report.' })
  kind: string;
}

@ObjectType('OrganName', { simpleResolvers: true, description: "The name an organ's report for one year prints." })
export class OrganNameType {
  @Field(() => Int, { description: 'The year reported on.' })
  year: number;

  @Field({ description: 'The name as printed.' })
  name: string;
}

@ObjectType('OrganCoverage', {
  simpleResolvers: true,
  description:
    'Which organs of a subtree a roll-up of a year expects and which of them it lacks. An organ is expected in year Y when it has an OWN report in Y − 1, Y or Y + 1; it is missing when, expected, it has no OWN report in Y (a SUMMARY report does not count: it is never added into a roll-up). Over aggregated years: expected in any of them, missing in any year it was expected.',
})
export class OrganCoverageType {
  @Field(() => Int, { description: 'Organs expected.' })
  expected: number;

  @Field(() => Int, { description: 'Expected organs with an OWN report (in every year they were expected).' })
  reported: number;

  @Field({ description: 'True when no expected organ is missing.' })
  complete: boolean;

  @Field(() => [OrganType], {
    complexity: rollupCosts.coverageMissingOrgans,
    description: 'Expected organs without an OWN report: the roll-up lacks their figures.',
  })
  missing: OrganType[];
}
