variable "name" {
  description = "Prefix of every name."
  type        = string
}

variable "domain" {
  description = "The public host name (studio.example.com)."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for the domain, in us-east-1."
  type        = string
}

variable "api_origin_domain" {
  description = "The ingress load balancer's host name."
  type        = string
}

variable "media_bucket_domain" {
  description = "The media bucket's regional domain."
  type        = string
}

variable "logs_bucket_domain" {
  description = "The log bucket's domain."
  type        = string
}

variable "kms_key_arn" {
  description = "Encrypts the WAF log group."
  type        = string
}

variable "rate_limit_per_5m" {
  description = "Requests per IP per 5 minutes before WAF blocks."
  type        = number
  default     = 2000
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
