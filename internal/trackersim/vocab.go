package trackersim

// The words the generator builds a Tokyo SRE team's backlog from. They are
// returned by functions rather than held in package variables so nothing
// shared can be mutated by a caller.

func givenNames() []string {
	return []string{"Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Yuto", "Mei", "Riku", "Sakura",
		"Kaito", "Yuna", "Hinata", "Mio", "Minato", "Rin", "Asahi", "Tsumugi", "Itsuki", "Akari"}
}

func familyNames() []string {
	return []string{"Sato", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
		"Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
		"Kimura", "Hayashi", "Shimizu", "Mori"}
}

func projectNames() []string {
	return []string{"SRE Platform", "Payments Platform", "Search Infrastructure", "Data Pipeline",
		"Mobile Backend", "Identity", "Observability", "Edge Delivery", "Billing Ops", "Core Network"}
}

func services() []string {
	return []string{"billing-api", "auth-service", "search-api", "notification-worker", "image-resizer",
		"admin-console", "payment-gateway", "batch-scheduler", "report-generator", "api-gateway",
		"user-profile", "recommendation-engine", "media-uploader", "order-service", "web-frontend", "mobile-bff"}
}

func buckets() []string {
	return []string{"images", "user-uploads", "static-assets", "access-logs", "db-backups", "exports",
		"thumbnails", "invoices"}
}

// labelSpec is a label with how often stories get it early and late in the
// year (the team's focus drifts from the EKS migration to cost).
type labelSpec struct {
	name        string
	early, late float64
}

func labelSpecs() []labelSpec {
	return []labelSpec{
		{"eks-migration", 5, 1.2},
		{"opsworks-chef", 3, 0.3},
		{"cloudfront", 1.5, 2},
		{"s3", 1, 1},
		{"monitoring", 2, 2},
		{"on-call", 1.5, 1.5},
		{"cost", 0.5, 4},
		{"aws-support", 0.5, 0.6},
		{"security", 1, 1},
		{"terraform", 1, 1},
		{"rds", 0.8, 0.8},
	}
}

type epicSpec struct{ name, label, description string }

func epicSpecs() []epicSpec {
	return []epicSpec{
		{"Migrate to EKS", "eks-migration", "Move every service off OpsWorks onto the EKS cluster and retire the Chef cookbooks."},
		{"CloudFront for overseas users", "cloudfront", "Serve static assets and images through CloudFront so users outside Japan get fast pages."},
		{"Cut AWS spend", "cost", "Bring the monthly AWS bill down by 25% without hurting the SLOs."},
		{"Retire OpsWorks", "opsworks-chef", "Keep the OpsWorks stacks patched until the last service has moved, then shut them down."},
		{"Calmer on-call", "on-call", "Fewer pages at night: runbooks for every alert, and no alert without an action."},
	}
}

// Story name templates: {s} is a service, {b} a bucket. Coarse templates are
// for the early 5- and 8-point stories, fine ones for the later split stories.
func coarseTemplates(label string) []string {
	switch label {
	case "eks-migration":
		return []string{"Migrate {s} from OpsWorks to EKS", "Containerise {s} and run it on EKS", "Run {s} on EKS in production", "Move {s} and its workers to EKS"}
	case "opsworks-chef":
		return []string{"Rewrite Chef cookbooks for the {s} layer", "Move the {s} OpsWorks layer to Amazon Linux 2", "Upgrade OpsWorks stacks to Chef 14 ({s} first)"}
	case "cloudfront":
		return []string{"Serve {b} through CloudFront for overseas users", "Put CloudFront in front of {s}"}
	case "s3":
		return []string{"Reorganise the {b} bucket with lifecycle rules and Intelligent-Tiering"}
	case "monitoring":
		return []string{"Build SLO dashboards and alerts for {s}", "Replace Nagios checks for {s} with CloudWatch alarms"}
	case "on-call":
		return []string{"Write runbooks for every {s} alert"}
	case "cost":
		return []string{"Move {s} to Graviton instances", "Run {s} batch jobs on Spot instances"}
	case "aws-support":
		return []string{"Work with AWS Support on {s} Aurora failover tests"}
	case "security":
		return []string{"Move {s} to IAM roles for service accounts"}
	case "terraform":
		return []string{"Manage {s} infrastructure with Terraform"}
	default: // rds
		return []string{"Migrate the {s} database to Aurora PostgreSQL"}
	}
}

func fineTemplates(label string) []string {
	switch label {
	case "eks-migration":
		return []string{"Write Helm chart for {s}", "Add readiness and liveness probes to {s}", "Move {s} secrets to AWS Secrets Manager",
			"Set up HPA for {s} on EKS", "Shift 10% of {s} traffic to EKS", "Cut over {s} DNS to the EKS ingress",
			"Decommission the OpsWorks stack for {s}", "Add a PodDisruptionBudget for {s}", "Build the {s} container image in CI",
			"Move {s} cron jobs to Kubernetes CronJobs"}
	case "opsworks-chef":
		return []string{"Fix the Chef recipe for {s} nginx config", "Patch OpenSSL on OpsWorks {s} instances", "Remove unused Chef cookbooks from the {s} stack", "Pin the Ruby version in the {s} Chef recipe"}
	case "cloudfront":
		return []string{"Add CloudFront distribution for {b} bucket", "Configure CloudFront cache policy for {s}", "Add Origin Access Control to the {b} bucket",
			"Enable CloudFront access logs for {b}", "Tune CloudFront TTLs for {b}", "Add a WAF rate-limit rule to the {s} distribution"}
	case "s3":
		return []string{"Enable versioning on the {b} bucket", "Block public access on the {b} bucket", "Expire {b} objects after 90 days", "Turn on S3 Inventory for the {b} bucket"}
	case "monitoring":
		return []string{"Alert on {s} p99 latency", "Add a synthetic check for {s} from Singapore", "Create Grafana dashboard for {s}", "Ship {s} logs to CloudWatch Logs Insights", "Alert on RDS replica lag for {s}"}
	case "on-call":
		return []string{"Write runbook for {s} 5xx spike", "Tune PagerDuty escalation for {s}", "Silence the noisy disk alert on {s}", "Postmortem: {s} outage"}
	case "cost":
		return []string{"Rightsize the RDS instance for {s}", "Switch {s} batch workers to Spot", "Tag {s} resources for cost allocation", "Scale down {s} staging at night", "Delete unattached EBS volumes left by {s}"}
	case "aws-support":
		return []string{"Open AWS Support case about {s} NLB timeouts", "Request EC2 quota increase for {s}", "Ask AWS Support about {s} RDS storage throughput"}
	case "security":
		return []string{"Rotate IAM access keys used by {s}", "Upgrade the {s} base image for CVE fixes", "Enable GuardDuty findings export for {s}"}
	case "terraform":
		return []string{"Import {s} resources into Terraform", "Split Terraform state for {s}"}
	default: // rds
		return []string{"Upgrade {s} RDS PostgreSQL to 15", "Enable Performance Insights for {s}"}
	}
}

func bugTemplates() []struct{ label, name string } {
	return []struct{ label, name string }{
		{"eks-migration", "{s} pods OOMKilled after deploy"},
		{"eks-migration", "DNS lookups time out from {s} pods"},
		{"cloudfront", "CloudFront returns 403 for {b} objects with spaces in the key"},
		{"cloudfront", "Stale {b} served by CloudFront after deploy"},
		{"opsworks-chef", "Chef run fails on the {s} layer after AMI update"},
		{"on-call", "Duplicate PagerDuty alerts for {s}"},
		{"monitoring", "{s} logs stop shipping after logrotate"},
		{"monitoring", "{s} health check flaps behind the ALB"},
		{"cost", "Cost report misses {s} tags"},
	}
}

func choreTemplates() []struct{ label, name string } {
	return []struct{ label, name string }{
		{"security", "Renew TLS certificate for {s}"},
		{"eks-migration", "Bump {s} Helm chart dependencies"},
		{"security", "Rotate database password for {s}"},
		{"on-call", "Update the on-call handbook for {s}"},
		{"cost", "Clean up old AMIs built for {s}"},
		{"aws-support", "Review Trusted Advisor findings for {s}"},
		{"terraform", "Bump the Terraform AWS provider in the {s} module"},
	}
}

func descriptions() []string {
	return []string{
		"Acceptance: running in production for a week without new alerts.",
		"Runbook and dashboard links go in the story before it is delivered.",
		"Do staging first; production change needs a maintenance window announced in #sre.",
		"See the AWS Support case linked in the comments.",
		"Keep the old path working until the cut-over is verified.",
	}
}
