import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row (id 1) whose `version` goes up by one in the transaction of every report stored (imported or
 * a new revision). Replicas on one database share it, so the ETags they give out agree.
 */
@Entity('data_version')
export class DataVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  version: number;
}
