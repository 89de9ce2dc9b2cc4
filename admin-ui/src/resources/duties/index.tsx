// The duties screens, as routes (one line in App.tsx): the compliance grid of an operation.
import { Route } from 'react-router-dom';
import { lazyNamed } from '../../lazy';

const CompliancePage = lazyNamed(() => import('./CompliancePage'), 'CompliancePage');

export const dutyRoutes = [<Route key="duty-compliance" path="/duties/compliance" element={<CompliancePage />} />];
