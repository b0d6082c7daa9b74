variable "name" {
  description = "Prefix of every name."
  type        = string
}

variable "cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "10.0.0.0/16"
}

variable "zones" {
  description = "The two availability zones, by name."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
  validation {
    condition     = length(var.zones) == 2
    error_message = "The network spans exactly two zones."
  }
}

variable "nat_per_zone" {
  description = "One NAT gateway per zone (prod) instead of one shared."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Encrypts the flow logs."
  type        = string
}

variable "log_retention_days" {
  description = "How long flow logs are kept."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
