import type { DataSource } from 'typeorm';
import type { HpcActivities } from '@hpc/workflows/contracts/activities';
import type { MailDispatchActivities } from '@hpc/workflows/contracts/mail';
import { ClusterActivitiesService } from './clusters/clusters.activities';
import { MembershipActivitiesService } from './membership/membership.activities';
import { ProjectionActivitiesService } from './projection/projection.activities';
import { SystemActivitiesService } from './system/system.activities';
import { DutiesActivitiesService } from './duties/duties.activities';
import { SubmissionRemindersService } from './submissions/submission-reminders.activities';
import { MailActivitiesService, mailSettingsFromEnv } from './mail/mail.activities';

export { ClusterActivitiesService, CLUSTER_TRANSITIONS } from './clusters/clusters.activities';
export { ProjectionActivitiesService, CHANGES_CHANNEL, withoutNul } from './projection/projection.activities';
export { MembershipActivitiesService } from './membership/membership.activities';
export { SystemActivitiesService, SYSTEM_COMPUTATIONS } from './system/system.activities';
export { DutiesActivitiesService, reconcileDutySchedules } from './duties/duties.activities';
export { SubmissionRemindersService } from './submissions/submission-reminders.activities';
export * from './audit-hash';

export interface ActivityServices {
  projection: ProjectionActivitiesService;
  clusters: ClusterActivitiesService;
  membership: MembershipActivitiesService;
  system: SystemActivitiesService;
  duties: DutiesActivitiesService;
  submissions: SubmissionRemindersService;
  mail: MailActivitiesService;
}

/** The activity functions the worker registers, bound to their services. */
/** Every activity the worker registers: the cases' and the mail dispatcher's. */
export type WorkerActivities = HpcActivities & MailDispatchActivities;

export function activitiesFrom(s: ActivityServices): WorkerActivities {
  return {
    project: s.projection.project.bind(s.projection),
    // A status change is followed by the cluster's duty schedules (paused in transition when the operation wants it).
    setClusterStatus: async (req) => {
      const result = await s.clusters.setClusterStatus(req);
      await s.duties.followClusterStatus({ clusterId: result.cluster.id });
      return result;
    },
    getCluster: s.clusters.getCluster.bind(s.clusters),
    resolveMembers: s.membership.resolveMembers.bind(s.membership),
    resolveVoters: s.membership.resolveVoters.bind(s.membership),
    computeSystemStep: s.system.computeSystemStep.bind(s.system),
    recordIncident: s.system.recordIncident.bind(s.system),
    stopClusterSchedules: s.duties.stopClusterSchedules.bind(s.duties),
    createClusterSchedules: s.duties.createClusterSchedules.bind(s.duties),
    pauseClusterSchedules: s.duties.pauseClusterSchedules.bind(s.duties),
    remindPendingSubmitters: s.submissions.remindPendingSubmitters.bind(s.submissions),
    // The mail dispatcher workflow's one activity (workflows/mail/mail-dispatcher.ts).
    dispatchMail: () => s.mail.dispatchMail(),
  };
}

/** Without Nest (tests, scripts): the same classes over a plain DataSource. */
/** `serverSecret`: the configuration's JWT secret (anonymous submission keys); default JWT_SECRET or the development one. */
export function activityServices(dataSource: DataSource, serverSecret?: string): ActivityServices {
  return {
    projection: new ProjectionActivitiesService(dataSource),
    clusters: new ClusterActivitiesService(dataSource),
    membership: new MembershipActivitiesService(dataSource),
    system: new SystemActivitiesService(dataSource),
    duties: new DutiesActivitiesService(dataSource),
    submissions: new SubmissionRemindersService(dataSource, serverSecret),
    mail: new MailActivitiesService(dataSource, mailSettingsFromEnv()),
  };
}

export function createActivities(dataSource: DataSource): WorkerActivities {
  return activitiesFrom(activityServices(dataSource));
}
