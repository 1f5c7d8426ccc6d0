import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';

/**
 * One reporting body of a jurisdiction (its government, a department, a 片区管理局 …) across the years.
 * Its reports may print different names (a rename in a reform, layout variants): the organ registry
 * (organ.registry.ts) maps each printed name to the organ, and every report points at its organ, so a
 * revision supersedes its organ's earlier report for the year whatever name either prints.
 */
@Entity('organ')
@Index(['jurisdictionCode', 'name'], { unique: true })
export class OrganEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  @ManyToOne(() => JurisdictionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdiction?: JurisdictionEntity;

  /** The registry's name: a printed name normalised and taken through the alias table (organ-name.ts). */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** GOVERNMENT or DEPARTMENT: the kind the importer gave its latest report. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;
}
