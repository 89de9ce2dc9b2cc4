import type { DataSource } from 'typeorm';
import type { HpcActivities } from '../workflows/contracts/activities';
import { ClusterActivitiesService } from './clusters.activities';
import { ProjectionActivitiesService } from './projection.activities';

export { ClusterActivitiesService, CLUSTER_TRANSITIONS } from './clusters.activities';
export { ProjectionActivitiesService } from './projection.activities';
export * from './audit-hash';

/** The activity functions the worker registers, bound to their services. */
export function activitiesFrom(projection: ProjectionActivitiesService, clusters: ClusterActivitiesService): HpcActivities {
  return {
    project: projection.project.bind(projection),
    setClusterStatus: clusters.setClusterStatus.bind(clusters),
    getCluster: clusters.getCluster.bind(clusters),
  };
}

/** Without Nest (tests, scripts): the same classes over a plain DataSource. */
export function createActivities(dataSource: DataSource): HpcActivities {
  return activitiesFrom(new ProjectionActivitiesService(dataSource), new ClusterActivitiesService(dataSource));
}
