export function AccessDenied({ reason, status = 403 }: { reason: string; status?: number }) {
  return (
    <div className="panel" data-testid="access-denied" data-status={status}>
      <h1>{status === 401 ? 'Sign in needed' : 'Not allowed'}</h1>
      <p className="error">{reason}</p>
      <p className="kpi-note">
        Access follows your LMS role on the course (staff, instructor, limited staff, org-wide staff, support, global staff, admin).
      </p>
    </div>
  );
}
