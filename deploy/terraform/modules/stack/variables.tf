variable "environment" {
  description = "dev, sandbox or prod."
  type        = string
  validation {
    condition     = contains(["dev", "sandbox", "prod"], var.environment)
    error_message = "The environment must be dev, sandbox or prod."
  }
}

variable "high_availability" {
  description = "Multi-AZ database and one NAT gateway per zone (prod)."
  type        = bool
}

variable "domain" {
  description = "Public host name."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (us-east-1) for the domain."
  type        = string
}

variable "api_origin_domain" {
  description = "The ingress load balancer's host name (known after the chart's first install)."
  type        = string
}

variable "cpu_instance_types" {
  description = "CPU node types."
  type        = list(string)
  default     = ["c6i.2xlarge"]
}

variable "cpu_min_size" {
  description = "CPU nodes at least."
  type        = number
}

variable "cpu_max_size" {
  description = "CPU nodes at most."
  type        = number
}

variable "gpu_max_size" {
  description = "g4dn nodes at most (from 0)."
  type        = number
}

variable "gpu_spot_max_size" {
  description = "Of those, spot."
  type        = number
  default     = 0
}

variable "db_instance_class" {
  description = "RDS class."
  type        = string
}

variable "backup_retention_days" {
  description = "RDS backups kept."
  type        = number
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "alarm_emails" {
  description = "Who receives CloudWatch alarms."
  type        = list(string)
  default     = []
}

variable "github_repository" {
  description = "owner/name allowed to deploy with OIDC."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Extra tags."
  type        = map(string)
  default     = {}
}
