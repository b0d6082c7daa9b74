output "media_bucket" {
  description = "FILMSTUDIO_STORAGE_URL is s3://<this>."
  value       = aws_s3_bucket.media.id
}

output "media_bucket_arn" {
  description = "For IAM policies."
  value       = aws_s3_bucket.media.arn
}

output "media_bucket_domain" {
  description = "CloudFront's origin."
  value       = aws_s3_bucket.media.bucket_regional_domain_name
}

output "logs_bucket_domain" {
  description = "Where CloudFront writes its access logs."
  value       = aws_s3_bucket.logs.bucket_domain_name
}
