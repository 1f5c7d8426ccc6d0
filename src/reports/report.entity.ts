import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { OrganEntity } from '../organs/organ.entity';
import type { MissingPart } from '../ingestion/parsers/parsed-report';

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
   * Ambiguous splits that the same organ's neighbouring years settled: each part as it was open, the
   * codes settled, and the reports that settled them (undone when one of them is superseded).
   */
  @Column({ name: 'settled_parts', type: 'simple-json', nullable: true })
  settledParts: SettledPart[] | null;
}

export type SettledPart = MissingPart & { settledBy: number[]; settledCodes: string[] };
