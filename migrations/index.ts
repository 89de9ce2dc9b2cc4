// Every migration, in order. Imported as classes so the same list works from TypeScript (tests)
// and from the compiled build (npm start).
import { InitialSchema1764370000000 } from './1764370000000-InitialSchema';
import { InboxCountIndex1795910100000 } from './1795910100000-InboxCountIndex';
import { OrganisationalModel1796000000000 } from './1796000000000-OrganisationalModel';
import { IdempotencyAndTokens1796000100000 } from './1796000100000-IdempotencyAndTokens';
import { EngineV21796000200000 } from './1796000200000-EngineV2';
import { SystemEvents1796000300000 } from './1796000300000-SystemEvents';
import { MailAndDelegations1796000600000 } from './1796000600000-MailAndDelegations';
import { ProcessDue1796000700000 } from './1796000700000-ProcessDue';
import { OidcSignIn1796000800000 } from './1796000800000-OidcSignIn';
import { LiveTickets1796000900000 } from './1796000900000-LiveTickets';
import { ListCountIndexes1796001000000 } from './1796001000000-ListCountIndexes';

export const MIGRATIONS = [InitialSchema1764370000000, InboxCountIndex1795910100000, OrganisationalModel1796000000000, IdempotencyAndTokens1796000100000, EngineV21796000200000, SystemEvents1796000300000, MailAndDelegations1796000600000, ProcessDue1796000700000, OidcSignIn1796000800000, LiveTickets1796000900000, ListCountIndexes1796001000000];
