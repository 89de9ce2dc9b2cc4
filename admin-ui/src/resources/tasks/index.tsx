import InboxIcon from '@mui/icons-material/Inbox';
import { TaskList } from './TaskList';
import { TaskTitle } from '../../components/CaseTitle';
import { lazyNamed } from '../../lazy';

const TaskShow = lazyNamed(() => import('./TaskShow'), 'TaskShow');

export default {
  list: TaskList,
  show: TaskShow,
  icon: InboxIcon,
  recordRepresentation: <TaskTitle />,
};
