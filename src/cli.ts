import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { runReports } from './curation/reports.command';
import { runImport } from './ingestion/import.command';
import { buildAppSchema, SCHEMA_FILE, schemaText } from './schema';
import { runSynthesize } from './synthetic/synthesize.command';

/** `npm run ogi -- <command>` (or `npx ogi <command>`): the command-line entry point. */
const USAGE = `Usage: npm run ogi -- <command>   (or: npx ogi <command>)

Commands:
  import      import report files (run \`npm run ogi -- import\` for its options)
  reports     list, show, correct (set), withdraw and restore stored reports; the audit log (\`npm run ogi -- reports\`)
  synthesize  load synthetic national data into a database of its own (\`npm run ogi -- synthesize --help\`)
  schema      write schema.graphql from the code`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'import':
      return runImport(argv.slice(1));
    case 'reports':
      return runReports(argv.slice(1));
    case 'synthesize':
      return runSynthesize(argv.slice(1));
    case 'schema': {
      writeFileSync(SCHEMA_FILE, schemaText(await buildAppSchema()));
      console.log(`wrote ${SCHEMA_FILE}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
