import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export type JurisdictionLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY';

/**
 * One administrative division (GB/T 2260). `provinceCode` and `prefectureCode` are stored rather than
 * derived from the code's digits because the hierarchy has exceptions (县级 units placed directly under a
 * province), and roll-ups group by them.
 */
@Entity('jurisdiction')
export class JurisdictionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: JurisdictionLevel;

  @Index()
  @Column({ name: 'parent_code', type: 'varchar', length: 6, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => JurisdictionEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code' })
  parent?: JurisdictionEntity | null;

  @Index()
  @Column({ name: 'province_code', type: 'varchar', length: 6 })
  provinceCode: string;

  @Index()
  @Column({ name: 'prefecture_code', type: 'varchar', length: 6, nullable: true })
  prefectureCode: string | null;
}
