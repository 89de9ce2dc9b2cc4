// The CCPM screens, as routes (one line in App.tsx): the rounds and one round's report.
import { Route } from 'react-router-dom';
import { lazyNamed } from '../../lazy';

const CcpmReportPage = lazyNamed(() => import('./CcpmReportPage'), 'CcpmReportPage');
const CcpmRoundList = lazyNamed(() => import('./CcpmReportPage'), 'CcpmRoundList');

export const ccpmRoutes = [<Route key="ccpm" path="/ccpm" element={<CcpmRoundList />} />, <Route key="ccpm-report" path="/ccpm/:id" element={<CcpmReportPage />} />];
