import { Card, CardContent, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';

export const Dashboard = () => {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="hpc.dashboard.title" />
      <CardContent>
        <Typography>{translate('hpc.common.nothing')}</Typography>
      </CardContent>
    </Card>
  );
};
