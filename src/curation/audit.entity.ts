import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What an audit entry records. */
export type AuditAction = 'IMPORT' | 'CORRECT' | 'WITHDRAW' | 'RESTORE';

/** One field of a report changed by a correction (or by a revision's import), as stored before and after. */
export interface FieldChange {
  field: string;
  before: string | number | null;
  after: string | number | null;
}

/**
 * One change to the stored reports: an import that stored something, a correction, a withdrawal or a
 * restore. Written in the transaction of the change, never updated. Who made it is the name a write
 * token has in the configuration (never the token), `cli` or `bundled`.
 */
@Entity('audit_entry')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @CreateDateColumn({ name: 'at' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  /** Whether a guard was overridden (`--force`). */
  @Column({ type: 'boolean', default: false })
  forced: boolean;

  /** The file imported, as named by the caller. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  file: string | null;

  @Column({ type: 'simple-json', nullable: true })
  changes: FieldChange[] | null;
}

/**
 * The reports an entry is about: BEFORE, the current reports the change replaced, withdrew or found
 * withdrawn; AFTER, the current reports it left. No foreign key to `report`: the log outlives any
 * rebuild of that table, and reports are never deleted.
 */
@Entity('audit_report')
@Index(['reportId'])
export class AuditReportEntity {
  @PrimaryColumn({ name: 'audit_entry_id', type: 'integer' })
  auditEntryId: number;

  @ManyToOne(() => AuditEntryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_entry_id' })
  entry?: AuditEntryEntity;

  @PrimaryColumn({ name: 'report_id', type: 'integer' })
  reportId: number;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  role: 'BEFORE' | 'AFTER';
}
