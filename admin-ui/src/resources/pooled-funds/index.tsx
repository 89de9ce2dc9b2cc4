// The pooled-fund screens, as routes (one line in App.tsx): the allocations and one allocation's page.
import { Route } from 'react-router-dom';
import { lazyNamed } from '../../lazy';

const AllocationPage = lazyNamed(() => import('./AllocationPage'), 'AllocationPage');
const AllocationList = lazyNamed(() => import('./AllocationPage'), 'AllocationList');

export const pooledFundRoutes = [
  <Route key="pooled-funds" path="/pooled-funds" element={<AllocationList />} />,
  <Route key="pooled-fund-allocation" path="/pooled-funds/:id" element={<AllocationPage />} />,
];
