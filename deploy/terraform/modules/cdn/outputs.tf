output "distribution_id" {
  description = "For CloudWatch alarms."
  value       = aws_cloudfront_distribution.main.id
}

output "distribution_arn" {
  description = "Allowed to read the media bucket."
  value       = aws_cloudfront_distribution.main.arn
}

output "distribution_domain" {
  description = "Point the domain's DNS here."
  value       = aws_cloudfront_distribution.main.domain_name
}

output "web_acl_arn" {
  description = "The WAF web ACL."
  value       = aws_wafv2_web_acl.main.arn
}
