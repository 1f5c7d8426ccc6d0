import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { OrganEntity } from '../organs/organ.entity';
import type { MissingPart } from './report-terms';

/**
 * One published annual report. A corrected re-publication is a new row with a higher `revision`;
 * the earlier row stays and points at it through `supersededById`. Revisions are counted per organ
 * and year (whatever name each revision prints).
 */
@Entity('report')
@Index(['jurisdictionCode', 'year'])
@Index(['organId', 'year', 'revision'], { unique: true })
export class ReportEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  @ManyToOne(() => JurisdictionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdiction?: JurisdictionEntity;

  @Column({ type: 'integer' })
  year: number;

  /** The organ's name as this report prints it (the organ itself: `organId`). */
  @Column({ type: 'varchar', length: 200 })
  organ: string;

  @Column({ name: 'organ_id', type: 'integer' })
  organId: number;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id' })
  organEntity?: OrganEntity;

  @Column({ name: 'organ_kind', type: 'varchar', length: 16 })
  organKind: string;

  @Column({ type: 'varchar', length: 16 })
  scope: string;

  /** The sentence of the report that decided `scope`, or who gave it (`given by --scope SUMMARY`); null when nothing did. */
  @Column({ name: 'scope_evidence', type: 'varchar', length: 500, nullable: true })
  scopeEvidence: string | null;

  @Column({ name: 'format_version', type: 'varchar', length: 16, nullable: true })
  formatVersion: string | null;

  @Column({ name: 'source_url', type: 'varchar', length: 2000, nullable: true })
  sourceUrl: string | null;

  /** Indexed: a file is one report, found by its content whatever it was filed under. */
  @Index()
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @CreateDateColumn({ name: 'imported_at' })
  importedAt: Date;

  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Index()
  @Column({ name: 'superseded_by_id', type: 'integer', nullable: true })
  supersededById: number | null;

  @ManyToOne(() => ReportEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'superseded_by_id' })
  supersededBy?: ReportEntity | null;

  /** Generated test data (never part of the bundled real data). */
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  /** Parts of the format the source did not give (cut off, stripped, unreadable), as the importer found. */
  @Column({ name: 'missing_parts', type: 'simple-json', nullable: true })
  missingParts: MissingPart[] | null;

  /**
   * The missing parts as the source gave them, before the same organ's neighbouring years settled or
   * narrowed any; null when they did not (the same as `missingParts`). A correction that moves the report
   * to another year, or a neighbour withdrawn or restored, settles it again from these.
   */
  @Column({ name: 'parsed_missing_parts', type: 'simple-json', nullable: true })
  parsedMissingParts: MissingPart[] | null;

  /**
   * When the report was withdrawn: it then answers no measure and counts in no roll-up, organ list or
   * coverage, but stays stored, with its history, until restored. Null while it stands. The current
   * reports, those that answer, are those neither superseded nor withdrawn: every query for them says
   * `superseded_by_id IS NULL AND withdrawn_at IS NULL`.
   */
  @Column({ name: 'withdrawn_at', type: Date, nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'varchar', length: 1000, nullable: true })
  withdrawalReason: string | null;
}
