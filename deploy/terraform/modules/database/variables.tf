variable "name" {
  description = "The instance's identifier."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "The database's subnets (two zones)."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "The only security group allowed in (the EKS nodes)."
  type        = string
}

variable "kms_key_arn" {
  description = "Encrypts storage, snapshots, Performance Insights and the master secret."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "allocated_storage" {
  description = "GiB at the start (grows to five times as needed)."
  type        = number
  default     = 50
}

variable "multi_az" {
  description = "A standby in the second zone (prod)."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery)."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Refuse to delete the database."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
